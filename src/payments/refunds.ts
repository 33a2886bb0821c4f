import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Actor } from "../audit/actor";
import { auditStatement } from "../audit/record";
import { refunds } from "../db/schema";
import type { DbDeps, ReadDeps } from "../env";
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

export async function listRefunds(deps: ReadDeps, filter: { status?: RefundRow["status"]; order_id?: string }, page: PaginationQuery) {
  const { db } = deps;
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
 * The audit row's id is the refund's settlement, so of two settles racing past the check only the one
 * that moved the refund leaves a row (the other's insert meets it and does nothing).
 */
export async function settleRefund(deps: DbDeps, id: string, reference: string, actor: Actor): Promise<RefundRow> {
  const { db } = deps;
  const current = await db.query.refunds.findFirst({ where: eq(refunds.id, id) });
  if (!current) throw notFound("Refund");
  if (current.status !== "due") throw notDue(current.status);
  const changes = { status: { before: "due", after: "succeeded" }, provider_refund_ref: { before: null, after: reference } };
  const [[row]] = await db.batch([
    db
      .update(refunds)
      .set({ status: "succeeded", providerRefundRef: reference, updatedAt: Date.now() })
      .where(and(eq(refunds.id, id), eq(refunds.status, "due")))
      .returning(),
    auditStatement(db, actor, "settle", "refund", id, changes, `settle:${id}`).onConflictDoNothing(),
  ]);
  if (row) return row;
  throw notDue("succeeded");
}

const notDue = (status: string) => new AppError(409, "refund_not_due", `This refund is ${status}, not due`, { status });
