import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { orderItems, orders } from "../db/schema";
import { countedOrders } from "./counted";
import { periodOf } from "./range";
import type { SalesQuery, SalesReport, SalesRow } from "./schemas";

interface PeriodSums {
  period: string;
  orders: number;
  units: number;
  gross: number;
  discounts: number;
  refunds: number;
}

/** An order-level amount's share for the filtered lines, half-up; the whole amount when no line is filtered out. */
const shareOf = (amount: SQL) =>
  sql`CASE WHEN lines = subtotal THEN ${amount} WHEN subtotal > 0 THEN (2 * ${amount} * lines + subtotal) / (2 * subtotal) ELSE 0 END`;

/** Average order value: (gross − discounts) ÷ orders, half-up to the minor unit (docs/MONEY.md's one rule). */
const averageOrderValue = (s: { orders: number; gross: number; discounts: number }) =>
  s.orders > 0 ? Math.floor((2 * (s.gross - s.discounts) + s.orders) / (2 * s.orders)) : 0;

function finish(s: Omit<PeriodSums, "period">) {
  return { ...s, net: s.gross - s.discounts - s.refunds, average_order_value: averageOrderValue(s) };
}

/**
 * One row per period, all in SQL: the inner query folds each counted order's (store-filtered) lines,
 * the outer one groups orders by the period of their creation.
 */
export async function salesReport(db: Db, q: SalesQuery, currency: string): Promise<SalesReport> {
  const storeLines = q.store ? sql`AND ${orderItems.storeId} = ${q.store}` : sql``;
  const rows = await db.all<PeriodSums>(sql`
    WITH per_order AS (
      SELECT ${periodOf(q.group_by)} AS period, ${orders.subtotal} AS subtotal, ${orders.discount} AS discount,
             ${orders.refundedAmount} AS refunded, SUM(${orderItems.quantity}) AS units, SUM(${orderItems.lineTotal}) AS lines
      FROM ${orders} JOIN ${orderItems} ON ${orderItems.orderId} = ${orders.id} ${storeLines}
      WHERE ${countedOrders(q, currency)}
      GROUP BY ${orders.id}
    )
    SELECT period, COUNT(*) AS orders, SUM(units) AS units, SUM(lines) AS gross,
           SUM(${shareOf(sql`discount`)}) AS discounts, SUM(${shareOf(sql`refunded`)}) AS refunds
    FROM per_order GROUP BY period ORDER BY period`);

  const periods: SalesRow[] = rows.map((r) => ({ period: r.period, ...finish(r) }));
  const sum = (key: keyof Omit<PeriodSums, "period">) => rows.reduce((acc, r) => acc + r[key], 0);
  return {
    from: q.from,
    to: q.to,
    group_by: q.group_by,
    store: q.store ?? null,
    currency,
    periods,
    totals: finish({
      orders: sum("orders"),
      units: sum("units"),
      gross: sum("gross"),
      discounts: sum("discounts"),
      refunds: sum("refunds"),
    }),
  };
}
