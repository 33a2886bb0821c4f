import { and, gte, inArray, lt, eq, type SQL } from "drizzle-orm";
import { orders } from "../db/schema";
import { REVENUE_STATUSES } from "../orders/queries";
import type { OrderStatus } from "../orders/state-machine";
import { rangeBounds } from "./range";
import type { ReportRange } from "./schemas";

/**
 * Orders that count as sales: paid at some point and not cancelled. Fully refunded orders stay in,
 * so their refund shows in the refunds column; pending_payment, cancelled and expired never do.
 */
const SALES_STATUSES: OrderStatus[] = [...REVENUE_STATUSES, "refunded"];

export function countedOrders(range: ReportRange, currency: string): SQL {
  const { start, end } = rangeBounds(range);
  return and(
    eq(orders.currency, currency),
    inArray(orders.status, SALES_STATUSES),
    gte(orders.createdAt, start),
    lt(orders.createdAt, end),
  ) as SQL;
}
