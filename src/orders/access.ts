import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { orderItems, orders } from "../db/schema";
import type { Principal, ReadDeps } from "../env";
import { sha256Hex } from "../lib/crypto";
import { notFound } from "../lib/errors";
import type { OrderRow } from "./views";

export interface OrderViewer {
  principal?: Principal;
  orderToken?: string;
}

async function sellerHasItems(db: Db, orderId: string, storeId: string | null): Promise<boolean> {
  if (!storeId) return false;
  const row = await db
    .select({ id: orderItems.id })
    .from(orderItems)
    .where(and(eq(orderItems.orderId, orderId), eq(orderItems.storeId, storeId)))
    .limit(1);
  return row.length > 0;
}

/**
 * The order if this viewer may see it: staff and admins all, customers their own, sellers those with
 * their store's items, guests by order token. Anything else is a 404, so ids reveal nothing.
 */
export async function getOrderFor(deps: ReadDeps, orderId: string, viewer: OrderViewer): Promise<OrderRow> {
  const { db } = deps;
  const order = await db.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!order) throw notFound("Order");
  const p = viewer.principal;
  if (p?.role === "admin" || p?.role === "staff") return order;
  if (p?.role === "customer" && order.userId === p.id) return order;
  if (p?.role === "seller" && (await sellerHasItems(db, order.id, p.storeId))) return order;
  if (viewer.orderToken && order.orderTokenHash && order.orderTokenHash === (await sha256Hex(viewer.orderToken))) {
    return order;
  }
  throw notFound("Order");
}
