import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { orderItems, orders } from "../db/schema";
import { redemptionsSubquery, usedCountMismatches } from "../discounts/statements";
import type { DbDeps } from "../env";
import { orderHolds } from "../inventory/service";
import { log } from "../lib/log";
import { keptPaymentsSubquery, pendingRefundsBefore } from "../payments/statements";
import { sendOrderCommand } from "./order-client";
import type { OrderStatus } from "./state-machine";

export const FINDING_KINDS = [
  "payment_kept_without_order",
  "stock_committed_for_unpaid_order",
  "hold_on_final_order",
  "discount_use_without_order",
  "discount_count_mismatch",
  "refund_pending",
] as const;

export interface Finding {
  kind: (typeof FINDING_KINDS)[number];
  order_id: string | null;
  payment_id?: string;
  variant_id?: string;
  discount_id?: string;
  refund_id?: string;
  detail: string;
}

export interface ReconcileOptions {
  /** Only orders and payments changed since then (ms). */
  since: number;
  /** Changes younger than this are in flight, not findings. */
  graceMs: number;
  /** Orders whose stock is asked of the stock objects, newest first. */
  stockLimit: number;
}

const UNPAID: readonly OrderStatus[] = ["pending_payment", "cancelled", "expired"];
const DEAD: readonly OrderStatus[] = ["cancelled", "expired"];

/** Succeeded money that no paid order took and no refund (done or under way) gives back. */
async function keptPayments(db: Db, o: ReconcileOptions, settledBefore: number): Promise<Finding[]> {
  const kept = keptPaymentsSubquery(db, o.since, settledBefore);
  const rows = await db
    .select({ id: kept.id, orderId: kept.orderId, kept: kept.kept, status: orders.status, paid: orders.paidPaymentId })
    .from(kept)
    .innerJoin(orders, eq(orders.id, kept.orderId))
    .where(sql`(${orders.paidPaymentId} IS NULL OR ${orders.paidPaymentId} != ${kept.id} OR ${inArray(orders.status, [...UNPAID])})`);
  return rows.map((r) => ({
    kind: "payment_kept_without_order",
    order_id: r.orderId,
    payment_id: r.id,
    detail: `${r.kept} kept on a ${r.status} order ${r.paid === r.id ? "it paid" : "it did not pay"}`,
  }));
}

/** Asks the stock objects where each recent order's units are, against the order's status. */
async function stockFindings(deps: DbDeps, o: ReconcileOptions, settledBefore: number, now: number): Promise<Finding[]> {
  const { env, db } = deps;
  const recent = await db
    .select({ id: orders.id, status: orders.status })
    .from(orders)
    .where(and(gte(orders.updatedAt, o.since), sql`${orders.updatedAt} < ${settledBefore}`))
    .orderBy(sql`${orders.updatedAt} DESC`)
    .limit(o.stockLimit);
  if (recent.length === 0) return [];
  const items = await db
    .select({ orderId: orderItems.orderId, variantId: orderItems.variantId, qty: orderItems.quantity })
    .from(orderItems)
    .where(inArray(orderItems.orderId, recent.map((r) => r.id)));
  const findings: Finding[] = [];
  for (const order of recent) {
    const lines = items.filter((i) => i.orderId === order.id);
    if (lines.length === 0) continue;
    const holds = await orderHolds(env, order.id, lines);
    for (const { variantId, hold } of holds) {
      const status = order.status as OrderStatus;
      if (hold?.status === "committed" && UNPAID.includes(status)) {
        findings.push({ kind: "stock_committed_for_unpaid_order", order_id: order.id, variant_id: variantId, detail: `${hold.qty} sold to a ${status} order` });
      }
      if (hold?.status === "held" && hold.expires_at > now && status !== "pending_payment") {
        findings.push({ kind: "hold_on_final_order", order_id: order.id, variant_id: variantId, detail: `${hold.qty} held for a ${status} order` });
      }
    }
  }
  return findings;
}

async function discountFindings(db: Db, settledBefore: number): Promise<Finding[]> {
  const redemptions = redemptionsSubquery(db);
  const [dead, counts] = await db.batch([
    db
      .select({ discountId: redemptions.discountId, orderId: redemptions.orderId, status: orders.status })
      .from(redemptions)
      .innerJoin(orders, eq(orders.id, redemptions.orderId))
      .where(and(inArray(orders.status, [...DEAD]), sql`${orders.updatedAt} < ${settledBefore}`)),
    usedCountMismatches(db),
  ]);
  return [
    ...dead.map((r): Finding => ({ kind: "discount_use_without_order", order_id: r.orderId, discount_id: r.discountId, detail: `a use counted for a ${r.status} order` })),
    ...counts.map((r): Finding => ({ kind: "discount_count_mismatch", order_id: null, discount_id: r.id, detail: `used_count ${r.used}, ${r.redeemed} redemptions` })),
  ];
}

async function pendingRefunds(db: Db, settledBefore: number): Promise<Finding[]> {
  const rows = await pendingRefundsBefore(db, settledBefore);
  return rows.map((r) => ({ kind: "refund_pending", order_id: r.orderId, payment_id: r.paymentId, refund_id: r.id, detail: `${r.amount} not confirmed by the provider` }));
}

/**
 * Where money, stock and discount uses disagree (expected: nowhere). Every rule of the order
 * authority has a check here, read from D1 and the stock objects rather than from the objects'
 * own documents, so a bug in the authority itself shows up too.
 */
export async function reconcile(deps: DbDeps, options: ReconcileOptions, now = Date.now()): Promise<Finding[]> {
  const { db } = deps;
  const settledBefore = now - options.graceMs;
  const groups = await Promise.all([
    keptPayments(db, options, settledBefore),
    stockFindings(deps, options, settledBefore, now),
    discountFindings(db, settledBefore),
    pendingRefunds(db, settledBefore),
  ]);
  return groups.flat();
}

/** Cron: logs what the check finds and has each order's object re-assert its truth (its next steps repair it). */
export async function reconcileAndRepair(deps: DbDeps, now = Date.now()): Promise<Finding[]> {
  const { env } = deps;
  const findings = await reconcile(deps, { since: now - 7 * 86_400_000, graceMs: 5 * 60_000, stockLimit: 200 }, now);
  if (findings.length === 0) return findings;
  log("error", "reconciliation.findings", { count: findings.length, findings: findings.slice(0, 50) });
  for (const orderId of new Set(findings.flatMap((f) => (f.order_id ? [f.order_id] : [])))) {
    await sendOrderCommand(env, orderId, { type: "repair" }).catch((err: unknown) =>
      log("error", "reconciliation.repair_failed", { order_id: orderId, error: String(err) }),
    );
  }
  return findings;
}
