import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { refunds } from "../db/schema";
import { AppError, notFound } from "../lib/errors";
import { offsetOf, type PaginationQuery } from "../lib/pagination";
import { iso } from "../lib/time";

export type RefundRow = typeof refunds.$inferSelect;

export const toRefundView = (r: RefundRow) => ({
  id: r.id,
  payment_id: r.paymentId,
  order_id: r.orderId,
  amount: r.amount,
  status: r.status,
  reason: r.reason,
  source: r.source,
  provider_refund_ref: r.providerRefundRef,
  failure_reason: r.failureReason,
  created_at: iso(r.createdAt),
  updated_at: iso(r.updatedAt),
});

export async function listRefunds(db: Db, filter: { status?: RefundRow["status"]; order_id?: string }, page: PaginationQuery) {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(refunds.status, filter.status));
  if (filter.order_id) conditions.push(eq(refunds.orderId, filter.order_id));
  const where = conditions.length ? and(...conditions) : undefined;
  const [items, totals] = await db.batch([
    db.select().from(refunds).where(where).orderBy(desc(refunds.createdAt), desc(refunds.id)).limit(page.page_size).offset(offsetOf(page)),
    db.select({ n: count() }).from(refunds).where(where),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}

/**
 * Staff paid a manual transfer's refund back by hand. The amount was already counted as refunded
 * when the order's authority decided it; this only closes the debt (due → succeeded, once).
 */
export async function settleRefund(db: Db, id: string, reference: string): Promise<RefundRow> {
  const [row] = await db
    .update(refunds)
    .set({ status: "succeeded", providerRefundRef: reference, updatedAt: Date.now() })
    .where(and(eq(refunds.id, id), eq(refunds.status, "due")))
    .returning();
  if (row) return row;
  const existing = await db.query.refunds.findFirst({ where: eq(refunds.id, id) });
  if (!existing) throw notFound("Refund");
  throw new AppError(409, "refund_not_due", `This refund is ${existing.status}, not due`, { status: existing.status });
}
