import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { categories, orderItems, orders, productVariants } from "../db/schema";
import { countedOrders } from "./counted";
import type { CategoryRow, ProductRow, ProductsReport, ReportRange } from "./schemas";

const BEST_SELLERS = 10;
const MAX_PRODUCTS = 500;

/** Per product, in SQL; `stock_left` reads the inventory read model (available, live variants). */
function productRows(db: Db, range: ReportRange, currency: string, order: "units" | "revenue", limit: number) {
  const ordering = order === "units" ? sql`units DESC, revenue DESC` : sql`revenue DESC, units DESC`;
  return db.all<ProductRow>(sql`
    SELECT ${orderItems.productId} AS product_id, MAX(${orderItems.name}) AS name,
           SUM(${orderItems.quantity}) AS units, SUM(${orderItems.lineTotal}) AS revenue,
           (SELECT COALESCE(SUM(${productVariants.available}), 0) FROM ${productVariants}
             WHERE ${productVariants.productId} = ${orderItems.productId} AND ${productVariants.deletedAt} IS NULL) AS stock_left
    FROM ${orderItems} JOIN ${orders} ON ${orders.id} = ${orderItems.orderId}
    WHERE ${countedOrders(range, currency)}
    GROUP BY ${orderItems.productId}
    ORDER BY ${ordering}, product_id
    LIMIT ${limit}`);
}

function categoryRows(db: Db, range: ReportRange, currency: string) {
  return db.all<CategoryRow>(sql`
    SELECT ${orderItems.categoryId} AS category_id, COALESCE(MAX(${categories.name}), 'Uncategorized') AS name,
           SUM(${orderItems.quantity}) AS units, SUM(${orderItems.lineTotal}) AS revenue
    FROM ${orderItems} JOIN ${orders} ON ${orders.id} = ${orderItems.orderId}
         LEFT JOIN ${categories} ON ${categories.id} = ${orderItems.categoryId}
    WHERE ${countedOrders(range, currency)}
    GROUP BY ${orderItems.categoryId}
    ORDER BY revenue DESC, category_id`);
}

export async function productsReport(db: Db, range: ReportRange, currency: string): Promise<ProductsReport> {
  const [best, products, cats] = await Promise.all([
    productRows(db, range, currency, "units", BEST_SELLERS),
    productRows(db, range, currency, "revenue", MAX_PRODUCTS),
    categoryRows(db, range, currency),
  ]);
  return { from: range.from, to: range.to, currency, best_sellers: best, products, categories: cats };
}
