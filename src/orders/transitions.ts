import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { orderEvents, orderItems, orders } from "../db/schema";
import { releaseDiscount } from "../discounts/service";
import type { Env } from "../env";
import { AppError, forbidden, validationError } from "../lib/errors";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import { formatMoney } from "../lib/money";
import { queueEmail } from "../notifications/service";
import { orderStatusEmail } from "../notifications/templates";
import { type Actor, canTransition, isEdge, nextStatuses, type OrderStatus } from "./state-machine";
import type { OrderRow } from "./views";

export interface TransitionRequest {
  to: OrderStatus;
  actor: Actor;
  actorId: string | null;
  trackingNumber?: string;
  note?: string;
}

/** What a status change does to stock; provided by the inventory domain. */
export interface StockEffects {
  /** Gives back units still held for an unpaid order. */
  releaseHolds(order: OrderRow): Promise<void>;
  /** Returns units already committed (a paid order cancelled) to on-hand stock. */
  restock(order: OrderRow): Promise<void>;
}

export function invalidTransition(from: OrderStatus, to: OrderStatus, actor: Actor): AppError {
  return new AppError(409, "invalid_transition", `An order cannot go from ${from} to ${to}`, {
    from,
    to,
    allowed: nextStatuses(from, actor),
  });
}

/**
 * Moves an order along the status machine. The status is claimed with a conditional update
 * (`WHERE status = from`) in the same atomic batch as its event row, so of two racing changes one
 * wins and the other is a 409; stock effects and the email follow the committed change.
 * A system event (webhook, sweep) that asks for the status the order already has is a no-op.
 */
export async function transitionOrder(
  env: Env,
  db: Db,
  order: OrderRow,
  request: TransitionRequest,
  stock: StockEffects,
): Promise<OrderRow> {
  const from = order.status as OrderStatus;
  const { to, actor } = request;
  if (from === to && actor === "system") return order;
  if (!isEdge(from, to)) throw invalidTransition(from, to, actor);
  if (!canTransition(from, to, actor)) throw forbidden(`A ${actor} cannot move an order from ${from} to ${to}`);
  if (to === "shipped" && !request.trackingNumber) {
    throw validationError("A tracking number is required to ship", {
      fields: [{ field: "tracking_number", code: "required", message: "required when to is shipped" }],
    });
  }

  const now = Date.now();
  const [updated] = await db.batch([
    db
      .update(orders)
      .set({
        status: to,
        updatedAt: now,
        ...(to === "shipped" ? { trackingNumber: request.trackingNumber } : {}),
        ...(to === "paid" ? { paidAt: now, paymentStatus: "paid" } : {}),
        ...(from === "pending_payment" ? { reservationExpiresAt: null } : {}),
      })
      .where(and(eq(orders.id, order.id), eq(orders.status, from)))
      .returning(),
    // changes() is the row count of the update just before it in this batch: no event without the change.
    db.insert(orderEvents).select(
      db
        .select({
          id: sql`${newId()}`.as("id"),
          orderId: sql`${order.id}`.as("order_id"),
          fromStatus: sql`${from}`.as("from_status"),
          toStatus: sql`${to}`.as("to_status"),
          actorId: sql`${request.actorId}`.as("actor_id"),
          actorRole: sql`${actor}`.as("actor_role"),
          note: sql`${request.note ?? null}`.as("note"),
          createdAt: sql`${now}`.as("created_at"),
        })
        .from(sql`(SELECT 1)`)
        .where(sql`changes() = 1`),
    ),
  ]);
  const row = updated[0];
  if (!row) throw new AppError(409, "conflict", "The order changed meanwhile; reload it and try again");

  if (from === "pending_payment" && (to === "cancelled" || to === "expired")) {
    await stock.releaseHolds(row);
    // An unpaid order gives its discount use back, so a limited code is not burned by abandoned checkouts.
    if (row.discountId) await releaseDiscount(db, row.discountId, row.id);
  }
  if (to === "cancelled" && from !== "pending_payment") await stock.restock(row);
  await notifyOrderEvent(env, db, row, request.note ?? null);
  return row;
}

/** Puts the order's current status on the email queue; a failure is logged, never fails the change. */
export async function notifyOrderEvent(env: Env, db: Db, order: OrderRow, note: string | null): Promise<void> {
  try {
    const lines = await db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    await queueEmail(
      env,
      orderStatusEmail(env.APP_NAME, {
        orderId: order.id,
        number: order.number,
        email: order.email,
        status: order.status,
        trackingNumber: order.trackingNumber,
        note,
        lines: lines.map((l) => ({ name: l.name, quantity: l.quantity, lineTotal: formatMoney(l.lineTotal, order.currency) })),
        total: formatMoney(order.total, order.currency),
        breakdown: [
          { label: "Subtotal", amount: formatMoney(order.subtotal, order.currency) },
          ...(order.discount > 0
            ? [{ label: `Discount${order.discountCode ? ` (${order.discountCode})` : ""}`, amount: `-${formatMoney(order.discount, order.currency)}` }]
            : []),
          { label: "Shipping", amount: formatMoney(order.shipping, order.currency) },
          { label: "Tax", amount: formatMoney(order.tax, order.currency) },
        ],
      }),
    );
  } catch (err) {
    log("error", "order.notify_failed", { order_id: order.id, status: order.status, error: String(err) });
  }
}
