import { and, count, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { payments } from "../db/schema";
import { offsetOf, type PaginationQuery } from "../lib/pagination";
import type { ProviderName } from "./provider";
import type { PaymentStats } from "./schemas";
import type { PaymentRow, PaymentStatus } from "./store";

export interface PaymentFilter {
  status?: PaymentStatus;
  provider?: ProviderName;
  order_id?: string;
}

export async function listPayments(db: Db, filter: PaymentFilter, page: PaginationQuery): Promise<{ items: PaymentRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(payments.status, filter.status));
  if (filter.provider) conditions.push(eq(payments.provider, filter.provider));
  if (filter.order_id) conditions.push(eq(payments.orderId, filter.order_id));
  const where = conditions.length ? and(...conditions) : undefined;
  const [items, totals] = await db.batch([
    db.select().from(payments).where(where).orderBy(desc(payments.createdAt), desc(payments.id)).limit(page.page_size).offset(offsetOf(page)),
    db.select({ n: count() }).from(payments).where(where),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}

const DAY_MS = 86_400_000;

/** Attempts, outcomes and captured volume per provider and per UTC day, in one grouped query. */
export async function paymentStats(db: Db, range: { from?: string; to?: string }): Promise<PaymentStats> {
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
