import { and, count, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { payments } from "../db/schema";
import type { ReadDeps } from "../env";
import { boundedTotal, cursorEnvelope, decodeCursor, TOTAL_CAP, type CursorQuery } from "../lib/cursor";
import { keysetAfter, keysetOrder } from "../lib/keyset";
import type { ProviderName } from "./provider";
import type { PaymentStats } from "./schemas";
import type { PaymentRow, PaymentStatus } from "./store";

export interface PaymentFilter {
  status?: PaymentStatus;
  provider?: ProviderName;
  order_id?: string;
}

/** The one admin ordering: newest first, the id breaking ties. */
const ORDERING = "-created_at";

function conditions(filter: PaymentFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(payments.status, filter.status));
  if (filter.provider) where.push(eq(payments.provider, filter.provider));
  if (filter.order_id) where.push(eq(payments.orderId, filter.order_id));
  return where;
}

/**
 * One keyset page, read from (created_at, id) — or (status|provider, created_at, id) when filtered — from the
 * cursor on (plan tests in test/payments/admin-pages.test.ts).
 */
export function paymentsPageQuery(db: Db, filter: PaymentFilter, q: CursorQuery) {
  const where = conditions(filter);
  if (q.cursor) where.push(keysetAfter(payments.createdAt, payments.id, decodeCursor(q.cursor, ORDERING, ["number", "string"]), "desc"));
  return db
    .select()
    .from(payments)
    .where(and(...where))
    .orderBy(...keysetOrder(payments.createdAt, payments.id, "desc"))
    .limit(q.limit + 1);
}

export async function listPayments<T>(deps: ReadDeps, filter: PaymentFilter, q: CursorQuery, view: (row: PaymentRow) => T) {
  const { db } = deps;
  const capped = db.select({ one: sql`1` }).from(payments).where(and(...conditions(filter))).limit(TOTAL_CAP + 1).as("capped");
  const [rows, counted] = await Promise.all([
    paymentsPageQuery(db, filter, q),
    q.include === "total" ? db.select({ n: count() }).from(capped) : null,
  ]);
  const page = cursorEnvelope(rows, q.limit, ORDERING, (r) => [r.createdAt, r.id], view);
  return counted ? { ...page, ...boundedTotal(counted[0]?.n ?? 0) } : page;
}

const DAY_MS = 86_400_000;

/** Attempts, outcomes and captured volume per provider and per UTC day, in one grouped query. */
export async function paymentStats(deps: ReadDeps, range: { from?: string; to?: string }): Promise<PaymentStats> {
  const { db } = deps;
  const to = range.to ? Date.parse(range.to) : Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const from = range.from ? Date.parse(range.from) : to - 29 * DAY_MS;
  const captured = sql`${payments.status} IN ('succeeded', 'partially_refunded', 'refunded')`;
  const day = sql<string>`strftime('%Y-%m-%d', ${payments.createdAt} / 1000, 'unixepoch')`;
  const rows = await db
    .select({
      day,
      provider: payments.provider,
      currency: payments.currency,
      attempts: count(),
      succeeded: sql<number>`SUM(CASE WHEN ${captured} THEN 1 ELSE 0 END)`,
      failed: sql<number>`SUM(CASE WHEN ${payments.status} IN ('failed', 'canceled') THEN 1 ELSE 0 END)`,
      volume: sql<number>`SUM(CASE WHEN ${captured} THEN ${payments.amount} ELSE 0 END)`,
      refunded: sql<number>`SUM(${payments.refundedAmount})`,
    })
    .from(payments)
    .where(and(gte(payments.createdAt, from), lt(payments.createdAt, to + DAY_MS)))
    .groupBy(day, payments.provider, payments.currency)
    .orderBy(day, payments.provider);

  const rate = (succeeded: number, failed: number) => (succeeded + failed > 0 ? succeeded / (succeeded + failed) : null);
  const byProvider = new Map<string, { provider: ProviderName; currency: string; attempts: number; succeeded: number; failed: number; volume: number; refunded: number }>();
  for (const r of rows) {
    const key = `${r.provider}:${r.currency}`;
    const acc = byProvider.get(key) ?? { provider: r.provider as ProviderName, currency: r.currency, attempts: 0, succeeded: 0, failed: 0, volume: 0, refunded: 0 };
    acc.attempts += r.attempts;
    acc.succeeded += r.succeeded;
    acc.failed += r.failed;
    acc.volume += r.volume;
    acc.refunded += r.refunded;
    byProvider.set(key, acc);
  }
  return {
    from: new Date(from).toISOString().slice(0, 10),
    to: new Date(to).toISOString().slice(0, 10),
    by_provider: [...byProvider.values()].map((p) => ({ ...p, success_rate: rate(p.succeeded, p.failed) })),
    by_day: rows.map((r) => ({
      day: r.day,
      provider: r.provider as ProviderName,
      currency: r.currency,
      attempts: r.attempts,
      succeeded: r.succeeded,
      failed: r.failed,
      success_rate: rate(r.succeeded, r.failed),
      volume: r.volume,
      refunded: r.refunded,
    })),
  };
}
