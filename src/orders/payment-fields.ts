import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { orders } from "../db/schema";
import type { OrderRow } from "./views";

/**
 * The order's payment columns, written by the payments domain. Status changes still go through
 * transitionOrder; these only keep payment_status and refunded_amount beside it.
 */
export async function setOrderPaymentStatus(db: Db, orderId: string, paymentStatus: string): Promise<void> {
  await db.update(orders).set({ paymentStatus, updatedAt: Date.now() }).where(eq(orders.id, orderId));
}

/** Adds a refund to the order's running total in one statement (no read-then-write) and returns the row. */
export async function addOrderRefund(db: Db, orderId: string, amount: number): Promise<OrderRow> {
  const [row] = await db
    .update(orders)
    .set({
      refundedAmount: sql`${orders.refundedAmount} + ${amount}`,
      paymentStatus: sql`CASE WHEN ${orders.refundedAmount} + ${amount} >= ${orders.total} THEN 'refunded' ELSE 'partially_refunded' END`,
      updatedAt: Date.now(),
    })
    .where(eq(orders.id, orderId))
    .returning();
  if (!row) throw new Error(`order ${orderId} vanished`);
  return row;
}
