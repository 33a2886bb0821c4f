import { and, asc, eq, gt, gte, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { orders } from "../db/schema";
import { itemCount } from "../orders/queries";
import { rangeBounds } from "./range";
import type { ReportRange } from "./schemas";
import type { Cell, Column, ReportTable } from "./table";

/** Rows per D1 read: small enough for D1's response size, large enough to keep round trips few. */
const ORDERS_CHUNK = 1000;

const COLUMNS: Column[] = [
  { header: "Number", type: "text", width: 18 },
  { header: "Created", type: "date", width: 17 },
  { header: "Status", type: "text", width: 18 },
  { header: "Email", type: "text", width: 30 },
  { header: "Units", type: "int", width: 7 },
  { header: "Subtotal", type: "money", width: 14 },
  { header: "Discount", type: "money", width: 13 },
  { header: "Shipping", type: "money", width: 13 },
  { header: "Total", type: "money", width: 14 },
  { header: "Refunded", type: "money", width: 13 },
];
const SUMMED = [4, 5, 6, 7, 8, 9];

/**
 * Every order created in the range (any status, so the list reconciles with the order book), read in
 * keyset-paginated chunks on (created_at, id) (index orders_created_id_idx): each read starts where the last
 * ended, never an OFFSET.
 */
export async function ordersTable(db: Db, range: ReportRange, currency: string): Promise<ReportTable> {
  const { start, end } = rangeBounds(range);
  const rows: Cell[][] = [];
  let after: { createdAt: number; id: string } | null = null;
  for (;;) {
    // The leading `created_at >=` lets SQLite start the index range at the cursor; the OR alone would not.
    const cursor: SQL | undefined = after
      ? and(gte(orders.createdAt, after.createdAt), or(gt(orders.createdAt, after.createdAt), gt(orders.id, after.id)))
      : undefined;
    const chunk = await db
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
      .where(and(eq(orders.currency, currency), gte(orders.createdAt, start), lt(orders.createdAt, end), cursor))
      .orderBy(asc(orders.createdAt), asc(orders.id))
      .limit(ORDERS_CHUNK);
    for (const o of chunk) {
      rows.push([o.number, o.createdAt, o.status, o.email, o.units, o.subtotal, o.discount, o.shipping, o.total, o.refunded]);
    }
    const last: { createdAt: number; id: string } | undefined = chunk.at(-1);
    if (!last || chunk.length < ORDERS_CHUNK) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  const totals: Cell[] = COLUMNS.map((_, i) =>
    SUMMED.includes(i) ? rows.reduce((s, r) => s + (r[i] as number), 0) : i === 0 ? "Total" : null,
  );
  return {
    report: "orders",
    title: "Orders",
    period: `${range.from} to ${range.to}`,
    currency,
    columns: COLUMNS,
    rows,
    totals,
    chart: null,
  };
}
