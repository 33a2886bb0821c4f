/**
 * Payment statements the order authority puts in its own batches and queries (orders/order-steps.ts,
 * orders/reconciliation.ts): its document decides the payments' and refunds' rows, this domain owns the tables.
 */
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { paymentEvents, payments, refunds } from "../db/schema";

type PaymentChanges = Partial<Pick<typeof payments.$inferInsert, "status" | "refundedAmount" | "providerTransactionRef" | "metadata" | "failureReason">>;
type RefundChanges = Partial<Pick<typeof refunds.$inferInsert, "status" | "providerRefundRef" | "failureReason">>;

/** A payment's row as the order's document has it. */
export const paymentRowUpdate = (db: Db, paymentId: string, changes: PaymentChanges) =>
  db
    .update(payments)
    .set({ ...changes, updatedAt: Date.now() })
    .where(eq(payments.id, paymentId));

/** A payment's event, inserted once (by id). */
export const paymentEventInsert = (db: Db, event: typeof paymentEvents.$inferInsert) => db.insert(paymentEvents).values(event).onConflictDoNothing();

/** A refund's first record, inserted once (by id). */
export const refundInsert = (db: Db, refund: typeof refunds.$inferInsert) => db.insert(refunds).values(refund).onConflictDoNothing();

export const refundUpdate = (db: Db, refundId: string, changes: RefundChanges) =>
  db
    .update(refunds)
    .set({ ...changes, updatedAt: Date.now() })
    .where(eq(refunds.id, refundId));

export const paymentsOfOrder = (db: Db, orderId: string) => db.select().from(payments).where(eq(payments.orderId, orderId));

export const refundsOfOrder = (db: Db, orderId: string) => db.select().from(refunds).where(eq(refunds.orderId, orderId));

/**
 * Succeeded money changed in [since, settledBefore) that no refund (done or under way) gives back, as a subquery
 * the reconciliation joins to its orders.
 */
export function keptPaymentsSubquery(db: Db, since: number, settledBefore: number) {
  const pendingRefunds = sql<number>`COALESCE((SELECT SUM(${refunds.amount}) FROM ${refunds} WHERE ${refunds.paymentId} = ${payments.id} AND ${refunds.status} = 'pending'), 0)`;
  return db
    .select({ id: payments.id, orderId: payments.orderId, kept: sql<number>`${payments.amount} - ${payments.refundedAmount}`.as("kept") })
    .from(payments)
    .where(
      and(
        inArray(payments.status, ["succeeded", "partially_refunded"]),
        gte(payments.updatedAt, since),
        sql`${payments.updatedAt} < ${settledBefore}`,
        sql`${payments.amount} - ${payments.refundedAmount} > ${pendingRefunds}`,
      ),
    )
    .as("kept_payments");
}

/** Refunds still pending that were recorded before `settledBefore`. */
export const pendingRefundsBefore = (db: Db, settledBefore: number) =>
  db
    .select({ id: refunds.id, orderId: refunds.orderId, paymentId: refunds.paymentId, amount: refunds.amount })
    .from(refunds)
    .where(and(eq(refunds.status, "pending"), sql`${refunds.createdAt} < ${settledBefore}`));
