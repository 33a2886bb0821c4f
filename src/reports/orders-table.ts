import type { ReadDeps } from "../env";
import { ordersChunk } from "../orders/report-reads";
import { reportWindow } from "./range";
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
 * Every order created in the range (any status, so the list reconciles with the order book), read in keyset
 * chunks on (created_at, id): each read starts where the last ended.
 */
export async function ordersTable(deps: ReadDeps, range: ReportRange, currency: string): Promise<ReportTable> {
  const { db } = deps;
  const window = reportWindow(range, currency);
  const rows: Cell[][] = [];
  let after: { createdAt: number; id: string } | null = null;
  for (;;) {
    const chunk = await ordersChunk(db, window, after, ORDERS_CHUNK);
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
