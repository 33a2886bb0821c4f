import { and, asc, type Column, eq, gt, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { orderItems, orders } from "../db/schema";
import { itemCount, REVENUE_STATUSES } from "./queries";
import type { OrderStatus } from "./state-machine";

/** What the reports domain reads of orders (docs/REPORTS.md): each figure in SQL, over one currency and time window. */

/** Orders of one currency created in [start, end) (epoch ms). */
export interface ReportWindow {
  currency: string;
  start: number;
  end: number;
}

/**
 * Orders that count as sales: paid at some point and not cancelled. Fully refunded orders stay in,
 * so their refund shows in the refunds column; pending_payment, cancelled and expired never do.
 */
const SALES_STATUSES: OrderStatus[] = [...REVENUE_STATUSES, "refunded"];

function countedOrders(w: ReportWindow): SQL {
  return and(
    eq(orders.currency, w.currency),
    inArray(orders.status, SALES_STATUSES),
    gte(orders.createdAt, w.start),
    lt(orders.createdAt, w.end),
  ) as SQL;
}

export type ReportPeriod = "day" | "week" | "month";

/** The period label of an order's creation time, computed by SQLite (UTC). */
function periodOf(groupBy: ReportPeriod): SQL<string> {
  const seconds = sql`${orders.createdAt} / 1000, 'unixepoch'`;
  switch (groupBy) {
    case "day":
      return sql<string>`strftime('%Y-%m-%d', ${seconds})`;
    case "week":
      // 'weekday 0' moves to the coming Sunday (or stays on one); six days back is that week's Monday.
      return sql<string>`date(${seconds}, 'weekday 0', '-6 days')`;
    case "month":
      return sql<string>`strftime('%Y-%m', ${seconds})`;
  }
}

/**
 * Up to `limit` orders of the window (any status, so the list reconciles with the order book) after the
 * `after` key, in (created_at, id) order (index orders_created_id_idx): a keyset chunk, never an OFFSET.
 */
export function ordersChunk(db: Db, w: ReportWindow, after: { createdAt: number; id: string } | null, limit: number) {
  // The leading `created_at >=` lets SQLite start the index range at the cursor; the OR alone would not.
  const cursor: SQL | undefined = after
    ? and(gte(orders.createdAt, after.createdAt), or(gt(orders.createdAt, after.createdAt), gt(orders.id, after.id)))
    : undefined;
  return db
    .select({
      id: orders.id,
      number: orders.number,
      createdAt: orders.createdAt,
      status: orders.status,
      email: orders.email,
      units: itemCount,
      subtotal: orders.subtotal,
      discount: orders.discount,
      shipping: orders.shipping,
      total: orders.total,
      refunded: orders.refundedAmount,
    })
    .from(orders)
    .where(and(eq(orders.currency, w.currency), gte(orders.createdAt, w.start), lt(orders.createdAt, w.end), cursor))
    .orderBy(asc(orders.createdAt), asc(orders.id))
    .limit(limit);
}

/** One period's sums of counted orders (minor units). */
export interface PeriodSums {
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

/**
 * One row per period, all in SQL: the inner query folds each counted order's (store-filtered) lines,
 * the outer one groups orders by the period of their creation.
 */
export function salesByPeriod(db: Db, w: ReportWindow, groupBy: ReportPeriod, store: string | undefined) {
  const storeLines = store ? sql`AND ${orderItems.storeId} = ${store}` : sql``;
  return db.all<PeriodSums>(sql`
    WITH per_order AS (
      SELECT ${periodOf(groupBy)} AS period, ${orders.subtotal} AS subtotal, ${orders.discount} AS discount,
             ${orders.refundedAmount} AS refunded, SUM(${orderItems.quantity}) AS units, SUM(${orderItems.lineTotal}) AS lines
      FROM ${orders} JOIN ${orderItems} ON ${orderItems.orderId} = ${orders.id} ${storeLines}
      WHERE ${countedOrders(w)}
      GROUP BY ${orders.id}
    )
    SELECT period, COUNT(*) AS orders, SUM(units) AS units, SUM(lines) AS gross,
           SUM(${shareOf(sql`discount`)}) AS discounts, SUM(${shareOf(sql`refunded`)}) AS refunds
    FROM per_order GROUP BY period ORDER BY period`);
}

/**
 * Per product sold in counted orders, best first by units or revenue. `stockLeft` is the caller's figure for a
 * product id (the reports ask the catalog's read model), computed in the same statement.
 */
export function productSales(
  db: Db,
  w: ReportWindow,
  order: "units" | "revenue",
  limit: number,
  stockLeft: (productId: Column) => SQL<number>,
) {
  const ordering = order === "units" ? sql`units DESC, revenue DESC` : sql`revenue DESC, units DESC`;
  return db.all<{ product_id: string; name: string; units: number; revenue: number; stock_left: number }>(sql`
    SELECT ${orderItems.productId} AS product_id, MAX(${orderItems.name}) AS name,
           SUM(${orderItems.quantity}) AS units, SUM(${orderItems.lineTotal}) AS revenue,
           ${stockLeft(orderItems.productId)} AS stock_left
    FROM ${orderItems} JOIN ${orders} ON ${orders.id} = ${orderItems.orderId}
    WHERE ${countedOrders(w)}
    GROUP BY ${orderItems.productId}
    ORDER BY ${ordering}, product_id
    LIMIT ${limit}`);
}

/** Per category sold in counted orders, highest revenue first; `nameOf` names a category id (null: none). */
export function categorySales(db: Db, w: ReportWindow, nameOf: (categoryId: Column) => SQL<string | null>) {
  return db.all<{ category_id: string | null; name: string; units: number; revenue: number }>(sql`
    SELECT ${orderItems.categoryId} AS category_id, COALESCE(${nameOf(orderItems.categoryId)}, 'Uncategorized') AS name,
           SUM(${orderItems.quantity}) AS units, SUM(${orderItems.lineTotal}) AS revenue
    FROM ${orderItems} JOIN ${orders} ON ${orders.id} = ${orderItems.orderId}
    WHERE ${countedOrders(w)}
    GROUP BY ${orderItems.categoryId}
    ORDER BY revenue DESC, category_id`);
}
