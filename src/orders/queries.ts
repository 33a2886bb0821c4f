import { and, asc, count, desc, eq, exists, gte, inArray, like, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { orders } from "../db/schema";
import type { Principal, ReadDeps } from "../env";
import { boundedTotal, cursorEnvelope, decodeCursor, TOTAL_CAP, type CursorQuery } from "../lib/cursor";
import { keysetAfter, keysetOrder, type Direction } from "../lib/keyset";
import { offsetOf, type PaginationQuery } from "../lib/pagination";
import type { AdminOrdersQuery } from "./schemas";
import type { OrderStatus } from "./state-machine";
import { toOrderSummary } from "./views";

/** Units in an order. Qualified by hand: drizzle renders a column in a correlated subquery without its table name. */
export const itemCount = sql<number>`(SELECT COALESCE(SUM(oi.quantity), 0) FROM order_items oi WHERE oi.order_id = "orders"."id")`;

/** What a summary shows as units and total: the whole order's, or (seller-scope.ts) one store's share of a mixed order. */
interface Figures {
  units: SQL<number>;
  total: SQL<number> | typeof orders.total;
}
const wholeOrder: Figures = { units: itemCount, total: orders.total };

/** A mixed order seen by a seller: the store's units and line totals; their own single-store orders whole. */
function storeFigures(storeId: string): Figures {
  const mixed = sql`EXISTS (SELECT 1 FROM order_items oi WHERE oi.order_id = "orders"."id" AND oi.store_id <> ${storeId})`;
  const own = (column: "quantity" | "line_total") =>
    sql`(SELECT COALESCE(SUM(${sql.raw(`oi.${column}`)}), 0) FROM order_items oi WHERE oi.order_id = "orders"."id" AND oi.store_id = ${storeId})`;
  return {
    units: sql<number>`CASE WHEN ${mixed} THEN ${own("quantity")} ELSE ${itemCount} END`,
    total: sql<number>`CASE WHEN ${mixed} THEN ${own("line_total")} ELSE "orders"."total" END`,
  };
}

function orderingOf(ordering: string, figures: Figures) {
  switch (ordering) {
    case "created_at":
      return asc(orders.createdAt);
    case "total":
      return asc(figures.total);
    case "-total":
      return desc(figures.total);
    default:
      return desc(orders.createdAt);
  }
}

async function page(db: Db, where: SQL | undefined, ordering: string, q: PaginationQuery, figures: Figures = wholeOrder) {
  const [rows, totals] = await db.batch([
    db
      .select({ order: orders, items: figures.units, shownTotal: figures.total })
      .from(orders)
      .where(where)
      .orderBy(orderingOf(ordering, figures), desc(orders.id))
      .limit(q.page_size)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(orders).where(where),
  ]);
  return { items: rows.map((r) => toOrderSummary({ ...r.order, total: r.shownTotal }, r.items)), total: totals[0]?.n ?? 0 };
}

export function listMyOrders(
  deps: ReadDeps,
  userId: string,
  filter: { status?: OrderStatus; ordering: string },
  q: PaginationQuery,
) {
  const { db } = deps;
  const conditions = [eq(orders.userId, userId)];
  if (filter.status) conditions.push(eq(orders.status, filter.status));
  return page(db, and(...conditions), filter.ordering, q);
}

const dayStart = (value: string) => Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
const dayEnd = (value: string) => (value.length === 10 ? Date.parse(`${value}T23:59:59.999Z`) : Date.parse(value));

function storeHasItems(storeId: string) {
  return exists(
    sql`(SELECT 1 FROM order_items oi WHERE oi.order_id = "orders"."id" AND oi.store_id = ${storeId})`,
  );
}

/** Admin keyset orderings: the sort column and its direction; the id breaks ties the same way. */
const ADMIN_ORDERINGS = {
  created_at: [orders.createdAt, "asc"],
  "-created_at": [orders.createdAt, "desc"],
  total: [orders.total, "asc"],
  "-total": [orders.total, "desc"],
} as const satisfies Record<AdminOrdersQuery["ordering"], readonly [unknown, Direction]>;

/** Staff and admins see every order; a seller only orders holding their store's items. */
function adminConditions(principal: Principal, filter: AdminOrdersQuery): SQL[] {
  const conditions: SQL[] = [];
  if (principal.role === "seller") conditions.push(storeHasItems(principal.storeId ?? ""));
  if (filter.status) conditions.push(eq(orders.status, filter.status));
  if (filter.payment_status) conditions.push(eq(orders.paymentStatus, filter.payment_status));
  if (filter.store) conditions.push(storeHasItems(filter.store));
  if (filter.from) conditions.push(gte(orders.createdAt, dayStart(filter.from)));
  if (filter.to) conditions.push(lte(orders.createdAt, dayEnd(filter.to)));
  if (filter.search) {
    const term = filter.search.toLowerCase();
    const match = or(eq(orders.number, filter.search.toUpperCase()), like(orders.email, `%${term}%`));
    if (match) conditions.push(match);
  }
  return conditions;
}

/**
 * One keyset page of the admin list: each ordering reads an index on (sort column, id) — (status, created_at,
 * id) when filtered by status — from the cursor on (plan tests in test/orders/admin-orders.test.ts).
 */
export function adminOrdersPageQuery(db: Db, principal: Principal, filter: AdminOrdersQuery, q: CursorQuery) {
  const [sort, direction] = ADMIN_ORDERINGS[filter.ordering];
  const conditions = adminConditions(principal, filter);
  if (q.cursor) conditions.push(keysetAfter(sort, orders.id, decodeCursor(q.cursor, filter.ordering, ["number", "string"]), direction));
  // A seller sees their store's share of a mixed order; the page is still ordered by the order's own total.
  const figures = principal.role === "seller" ? storeFigures(principal.storeId ?? "") : wholeOrder;
  return db
    .select({ order: orders, items: figures.units, shownTotal: figures.total })
    .from(orders)
    .where(and(...conditions))
    .orderBy(...keysetOrder(sort, orders.id, direction))
    .limit(q.limit + 1);
}

export async function listAdminOrders(deps: ReadDeps, principal: Principal, filter: AdminOrdersQuery, q: CursorQuery) {
  const { db } = deps;
  const [sort] = ADMIN_ORDERINGS[filter.ordering];
  const key = (r: { order: typeof orders.$inferSelect }) => [sort === orders.total ? r.order.total : r.order.createdAt, r.order.id];
  const capped = db
    .select({ one: sql`1` })
    .from(orders)
    .where(and(...adminConditions(principal, filter)))
    .limit(TOTAL_CAP + 1)
    .as("capped");
  const [rows, counted] = await Promise.all([
    adminOrdersPageQuery(db, principal, filter, q),
    q.include === "total" ? db.select({ n: count() }).from(capped) : null,
  ]);
  const page = cursorEnvelope(rows, q.limit, filter.ordering, key, (r) => toOrderSummary({ ...r.order, total: r.shownTotal }, r.items));
  return counted ? { ...page, ...boundedTotal(counted[0]?.n ?? 0) } : page;
}

/** Statuses whose money the shop keeps (refunds are subtracted by the payments domain's figures). */
export const REVENUE_STATUSES: OrderStatus[] = ["paid", "processing", "shipped", "out_for_delivery", "delivered", "partially_refunded"];

export async function orderStats(deps: ReadDeps, currency: string) {
  const { db } = deps;
  const counted = inArray(orders.status, REVENUE_STATUSES);
  const [byStatus, revenue, byMonth, recent] = await db.batch([
    db.select({ status: orders.status, n: count() }).from(orders).groupBy(orders.status),
    db
      .select({ total: sql<number>`COALESCE(SUM(${orders.total}), 0)`, n: count() })
      .from(orders)
      .where(and(counted, eq(orders.currency, currency))),
    db
      .select({
        month: sql<string>`strftime('%Y-%m', ${orders.createdAt} / 1000, 'unixepoch')`.as("month"),
        orders: count(),
        revenue: sql<number>`COALESCE(SUM(CASE WHEN ${counted} THEN ${orders.total} ELSE 0 END), 0)`,
      })
      .from(orders)
      .where(gte(orders.createdAt, Date.now() - 366 * 24 * 60 * 60 * 1000))
      .groupBy(sql`month`)
      .orderBy(sql`month`),
    db.select({ order: orders, items: itemCount }).from(orders).orderBy(desc(orders.createdAt)).limit(10),
  ]);
  const paid = revenue[0]?.n ?? 0;
  const gross = revenue[0]?.total ?? 0;
  return {
    currency,
    counts_by_status: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    revenue: gross,
    paid_orders: paid,
    average_order_value: paid ? Math.round(gross / paid) : 0,
    orders_by_month: byMonth,
    recent_orders: recent.map((r) => toOrderSummary(r.order, r.items)),
  };
}
