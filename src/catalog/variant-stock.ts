import { and, asc, count, eq, gt, isNull, like, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import type { ReadDeps } from "../env";
import { productVariants, products } from "../db/schema";
import { keysetAfter, keysetOrder } from "../lib/keyset";
import { type CursorKey, TOTAL_CAP } from "../lib/cursor";

/**
 * The variants' stock columns are inventory's read model on the catalog's table: inventory reads and writes them
 * (with their product's name and store) only through this module.
 */

/** Which live variants a stock list shows; `ownStoreId` (a seller's scope) narrows whatever store was asked for. */
export interface VariantStockFilter {
  ownStoreId?: string;
  store?: string;
  search?: string;
}

const rowFields = {
  variant_id: productVariants.id,
  sku: productVariants.sku,
  product_id: products.id,
  product_name: products.name,
  store_id: products.storeId,
  size: productVariants.size,
  color: productVariants.color,
  on_hand: productVariants.onHand,
  reserved: productVariants.reserved,
  available: productVariants.available,
};

function conditions(filter: VariantStockFilter): SQL[] {
  const where: SQL[] = [isNull(productVariants.deletedAt), isNull(products.deletedAt)];
  if (filter.ownStoreId) where.push(eq(products.storeId, filter.ownStoreId));
  if (filter.store) where.push(eq(products.storeId, filter.store));
  if (filter.search) {
    const pattern = `%${filter.search}%`;
    const match = or(like(productVariants.sku, pattern), like(products.name, pattern));
    if (match) where.push(match);
  }
  return where;
}

const underThreshold = (threshold: number) => lt(productVariants.available, threshold);

/** How many variants the filter (and threshold) matches, counted up to TOTAL_CAP + 1. */
export async function countVariantStock(deps: ReadDeps, filter: VariantStockFilter, threshold?: number): Promise<number> {
  const { db } = deps;
  const where = conditions(filter);
  if (threshold !== undefined) where.push(underThreshold(threshold));
  const capped = db
    .select({ one: sql`1` })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(and(...where))
    .limit(TOTAL_CAP + 1)
    .as("capped");
  const [row] = await db.select({ n: count() }).from(capped);
  return row?.n ?? 0;
}

/** `limit` variants by SKU after `afterSku`, read in the SKU's unique index order. */
export function variantStockBySku(db: Db, filter: VariantStockFilter, afterSku: string | undefined, limit: number) {
  const where = conditions(filter);
  if (afterSku !== undefined) where.push(gt(productVariants.sku, afterSku));
  return db
    .select(rowFields)
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(and(...where))
    .orderBy(asc(productVariants.sku))
    .limit(limit);
}

/** `limit` variants under the threshold, emptiest first on (available, sku), after the `after` key. */
export function variantStockUnder(db: Db, filter: VariantStockFilter, threshold: number, after: CursorKey | undefined, limit: number) {
  const where = [...conditions(filter), underThreshold(threshold)];
  if (after) where.push(keysetAfter(productVariants.available, productVariants.sku, after, "asc"));
  return db
    .select(rowFields)
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(and(...where))
    .orderBy(...keysetOrder(productVariants.available, productVariants.sku, "asc"))
    .limit(limit);
}

/** The store that owns a live variant, or null when there is no such variant. */
export async function variantStore(deps: ReadDeps, variantId: string): Promise<string | null> {
  const { db } = deps;
  const [row] = await db
    .select({ storeId: products.storeId })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(and(eq(productVariants.id, variantId), isNull(productVariants.deletedAt), isNull(products.deletedAt)));
  return row?.storeId ?? null;
}

/** Variants whose read model still shows held units: the ones whose holds may have missed their alarm. */
export async function variantsWithHolds(deps: ReadDeps, limit: number): Promise<string[]> {
  const { db } = deps;
  const rows = await db
    .select({ id: productVariants.id })
    .from(productVariants)
    .where(gt(productVariants.reserved, 0))
    .orderBy(asc(productVariants.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Live variants of undeleted products under their threshold (their own, else `defaultThreshold`), emptiest first.
 * A variant with a flash sale's settings (its own `hold_seconds` or a `max_per_customer`) counts as in one.
 */
export async function variantsUnderThreshold(deps: ReadDeps, defaultThreshold: number) {
  const { db } = deps;
  const threshold = sql<number>`COALESCE(${productVariants.lowStockThreshold}, ${defaultThreshold})`;
  return db
    .select({
      variantId: productVariants.id,
      sku: productVariants.sku,
      product: products.name,
      storeId: products.storeId,
      available: productVariants.available,
      threshold,
      flashSale: sql<boolean>`(${productVariants.holdSeconds} IS NOT NULL OR ${productVariants.maxPerCustomer} IS NOT NULL)`.mapWith(Boolean),
    })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(and(isNull(productVariants.deletedAt), isNull(products.deletedAt), sql`${productVariants.available} < ${threshold}`))
    .orderBy(productVariants.available, productVariants.sku);
}

/** A variant's stock figures as a StockObject last wrote them; `version` orders the writes. */
export interface StockColumns {
  onHand: number;
  reserved: number;
  available: number;
  stockVersion: number;
}

/**
 * The read-model write, for the caller's batch. The version guard makes writes commutative: a slow, older write
 * that lands after a newer one changes nothing.
 */
export function stockColumnsUpdate(db: Db, variantId: string, columns: StockColumns) {
  return db
    .update(productVariants)
    .set(columns)
    .where(and(eq(productVariants.id, variantId), lt(productVariants.stockVersion, columns.stockVersion)));
}

/**
 * What a variant's stock columns say before any object wrote them (seeded or imported rows). Raw D1: the stock calls
 * that need it carry the Env only, not a request's db.
 */
export async function stockColumnsSeed(d1: D1Database, variantId: string): Promise<{ onHand: number; stockVersion: number } | undefined> {
  const row = await d1
    .prepare("SELECT on_hand, stock_version FROM product_variants WHERE id = ?")
    .bind(variantId)
    .first<{ on_hand: number; stock_version: number }>();
  return row ? { onHand: row.on_hand, stockVersion: row.stock_version } : undefined;
}
