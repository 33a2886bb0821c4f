import type { Column, ReportTable } from "./table";
import type { ProductsReport, SalesReport } from "./schemas";

const periodText = (r: { from: string; to: string }) => `${r.from} to ${r.to}`;

const SALES_COLUMNS: Column[] = [
  { header: "Period", type: "text", width: 12 },
  { header: "Orders", type: "int", width: 9 },
  { header: "Units", type: "int", width: 9 },
  { header: "Gross", type: "money", width: 16 },
  { header: "Discounts", type: "money", width: 16 },
  { header: "Refunds", type: "money", width: 16 },
  { header: "Net", type: "money", width: 16 },
  { header: "Avg order value", type: "money", width: 18 },
];

/** The sales report as shown by GET /admin/reports/sales, one row per period, a totals row, net revenue charted. */
export function salesTable(report: SalesReport): ReportTable {
  const figures = (f: SalesReport["totals"]) => [f.orders, f.units, f.gross, f.discounts, f.refunds, f.net, f.average_order_value];
  return {
    report: "sales",
    title: `Sales by ${report.group_by}`,
    period: `${periodText(report)}${report.store ? `, store ${report.store}` : ""}`,
    currency: report.currency,
    columns: SALES_COLUMNS,
    rows: report.periods.map((p) => [p.period, ...figures(p)]),
    totals: ["Total", ...figures(report.totals)],
    chart: { title: "Net revenue by period", bars: report.periods.map((p) => ({ label: p.period, value: p.net })) },
  };
}

const PRODUCT_COLUMNS: Column[] = [
  { header: "Product", type: "text", width: 36 },
  { header: "Product id", type: "text", width: 38 },
  { header: "Units", type: "int", width: 9 },
  { header: "Revenue", type: "money", width: 16 },
  { header: "Stock left", type: "int", width: 11 },
];

/** Revenue by product (highest first) with stock left; revenue by category is the pdf's chart. */
export function productsTable(report: ProductsReport): ReportTable {
  const sum = (key: "units" | "revenue") => report.products.reduce((s, p) => s + p[key], 0);
  return {
    report: "products",
    title: "Revenue by product",
    period: periodText(report),
    currency: report.currency,
    columns: PRODUCT_COLUMNS,
    rows: report.products.map((p) => [p.name, p.product_id, p.units, p.revenue, p.stock_left]),
    totals: ["Total", null, sum("units"), sum("revenue"), null],
    chart: { title: "Revenue by category", bars: report.categories.map((c) => ({ label: c.name, value: c.revenue })) },
  };
}
