import { type SQL, sql } from "drizzle-orm";
import { products } from "../db/schema";

/**
 * A product's sale window (`available_from` inclusive, `available_until` exclusive; null: unbounded). Outside
 * it the product is hidden from public reads and refused by carts and checkout. A cached public page holding a
 * product ends when its window closes (catalogRead's endsBy). A window that opens shows on cached lists only
 * within their cache life (EDGE_TTL_SECONDS): a page cannot know what it left out. The product's own page was a
 * 404, which is never cached, and carts and checkout read D1, so it can be seen by slug and bought at once.
 */
export function inWindow(p: { availableFrom: number | null; availableUntil: number | null }, now = Date.now()): boolean {
  return (p.availableFrom === null || p.availableFrom <= now) && (p.availableUntil === null || now < p.availableUntil);
}

/**
 * The same test in SQL for a products row aliased `alias`, with `now` bound twice (`windowParams`). The text
 * never changes, so D1 reuses its compiled statement: with `now` inlined, every catalog miss compiled its
 * query afresh, which cut cache-miss reads to a third.
 */
export function inWindowSql(alias: string): string {
  return `(${alias}.available_from IS NULL OR ${alias}.available_from <= ?) AND (${alias}.available_until IS NULL OR ${alias}.available_until > ?)`;
}

export const windowParams = (now = Date.now()): [number, number] => [Math.floor(now), Math.floor(now)];

/** `inWindowSql` for drizzle, on the products table. */
export function inWindowCondition(now = Date.now()): SQL {
  const t = Math.floor(now);
  return sql`(${products.availableFrom} IS NULL OR ${products.availableFrom} <= ${t}) AND (${products.availableUntil} IS NULL OR ${products.availableUntil} > ${t})`;
}
