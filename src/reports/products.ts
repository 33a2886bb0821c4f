import { categoryNameOf, stockLeftOf } from "../catalog/report-reads";
import type { ReadDeps } from "../env";
import { categorySales, productSales } from "../orders/report-reads";
import { reportWindow } from "./range";
import type { ProductsReport, ReportRange } from "./schemas";

const BEST_SELLERS = 10;
const MAX_PRODUCTS = 500;

/** Per product and per category, in SQL; `stock_left` reads the inventory read model (available, live variants). */
export async function productsReport(deps: ReadDeps, range: ReportRange, currency: string): Promise<ProductsReport> {
  const { db } = deps;
  const window = reportWindow(range, currency);
  const [best, products, cats] = await Promise.all([
    productSales(db, window, "units", BEST_SELLERS, stockLeftOf),
    productSales(db, window, "revenue", MAX_PRODUCTS, stockLeftOf),
    categorySales(db, window, categoryNameOf),
  ]);
  return { from: range.from, to: range.to, currency, best_sellers: best, products, categories: cats };
}
