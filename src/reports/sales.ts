import type { ReadDeps } from "../env";
import { type PeriodSums, salesByPeriod } from "../orders/report-reads";
import { reportWindow } from "./range";
import type { SalesQuery, SalesReport, SalesRow } from "./schemas";

/** Average order value: (gross − discounts) ÷ orders, half-up to the minor unit (docs/MONEY.md's one rule). */
const averageOrderValue = (s: { orders: number; gross: number; discounts: number }) =>
  s.orders > 0 ? Math.floor((2 * (s.gross - s.discounts) + s.orders) / (2 * s.orders)) : 0;

function finish(s: Omit<PeriodSums, "period">) {
  return { ...s, net: s.gross - s.discounts - s.refunds, average_order_value: averageOrderValue(s) };
}

/** One row per period (the orders domain sums them in SQL), and the totals. */
export async function salesReport(deps: ReadDeps, q: SalesQuery, currency: string): Promise<SalesReport> {
  const { db } = deps;
  const rows = await salesByPeriod(db, reportWindow(q, currency), q.group_by, q.store);
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
