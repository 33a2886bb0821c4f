import { asc, eq } from "drizzle-orm";
import { orderEvents, orderItems, orders } from "../db/schema";
import type { ReadDeps } from "../env";
import { iso, isoOrNull } from "../lib/time";
import type { Address, OrderSummary, OrderView } from "./schemas";
import type { OrderStatus } from "./state-machine";

export type OrderRow = typeof orders.$inferSelect;

function headline(o: OrderRow) {
  return {
    id: o.id,
    number: o.number,
    status: o.status as OrderStatus,
    payment_status: o.paymentStatus,
    email: o.email,
    total: o.total,
    currency: o.currency,
    created_at: iso(o.createdAt),
  };
}

export function toOrderSummary(o: OrderRow, itemCount: number): OrderSummary {
  return { ...headline(o), item_count: itemCount };
}

/** The full order as clients see it: lines and the status history come with it. */
export async function loadOrderView(deps: ReadDeps, o: OrderRow): Promise<OrderView> {
  const { db } = deps;
  const [items, events] = await db.batch([
    db.select().from(orderItems).where(eq(orderItems.orderId, o.id)).orderBy(asc(orderItems.sku)),
    db.select().from(orderEvents).where(eq(orderEvents.orderId, o.id)).orderBy(asc(orderEvents.createdAt)),
  ]);
  return orderViewOf(o, items, events);
}

/** The view from rows in hand (checkout builds its response before writing them); items in sku order, events in time order. */
export function orderViewOf(
  o: OrderRow,
  items: (typeof orderItems.$inferSelect)[],
  events: (typeof orderEvents.$inferSelect)[],
): OrderView {
  return {
    ...headline(o),
    items: items.map((i) => ({
      id: i.id,
      variant_id: i.variantId,
      product_id: i.productId,
      store_id: i.storeId,
      sku: i.sku,
      name: i.name,
      size: i.size,
      color: i.color,
      unit_price: i.unitPrice,
      quantity: i.quantity,
      line_total: i.lineTotal,
    })),
    subtotal: o.subtotal,
    discount: o.discount,
    discount_code: o.discountCode,
    shipping: o.shipping,
    tax: o.tax,
    shipping_address: o.shippingAddress as Address,
    billing_address: (o.billingAddress as Address | null) ?? null,
    shipping_method: o.shippingMethod,
    notes: o.notes,
    tracking_number: o.trackingNumber,
    reservation_expires_at: isoOrNull(o.reservationExpiresAt),
    events: events.map((e) => ({
      from_status: e.fromStatus,
      to_status: e.toStatus,
      actor_role: e.actorRole,
      actor_id: e.actorId,
      note: e.note,
      created_at: iso(e.createdAt),
    })),
    updated_at: iso(o.updatedAt),
  };
}
