import { and, asc, count, eq, gt, isNull, like, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { productVariants, products } from "../db/schema";
import { offsetOf, type PaginationQuery } from "../lib/pagination";
import type { InventoryFilter, InventoryRow, LowStockRow } from "./schemas";

/**
 * Reads of the stock read model in D1 (refreshed by each StockObject). Lists never ask the
 * objects: a page of 100 variants must not wake 100 Durable Objects.
 */

/** `ownStoreId` is the seller's scope; it narrows whatever store filter was asked for. */
export interface InventoryScope extends InventoryFilter {
  ownStoreId?: string;
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

function conditions(scope: InventoryScope): SQL[] {
  const where: SQL[] = [isNull(productVariants.deletedAt), isNull(products.deletedAt)];
  if (scope.ownStoreId) where.push(eq(products.storeId, scope.ownStoreId));
  if (scope.store) where.push(eq(products.storeId, scope.store));
  if (scope.search) {
    const pattern = `%${scope.search}%`;
    const match = or(like(productVariants.sku, pattern), like(products.name, pattern));
    if (match) where.push(match);
  }
  return where;
}

async function page(db: Db, where: SQL | undefined, order: SQL[], q: PaginationQuery) {
  const [rows, totals] = await Promise.all([
    db
      .select(rowFields)
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(where)
      .orderBy(...order)
      .limit(q.page_size)
      .offset(offsetOf(q)),
    db
      .select({ n: count() })
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function listInventory(
  db: Db,
  scope: InventoryScope,
  q: PaginationQuery,
): Promise<{ items: InventoryRow[]; total: number }> {
  const { rows, total } = await page(db, and(...conditions(scope)), [asc(productVariants.sku)], q);
  return { items: rows, total };
}

/** Variants whose available stock is under the threshold, emptiest first. */
export async function listLowStock(
  db: Db,
  scope: InventoryScope,
  threshold: number,
  q: PaginationQuery,
): Promise<{ items: LowStockRow[]; total: number }> {
  const where = and(...conditions(scope), lt(productVariants.available, threshold));
  const { rows, total } = await page(db, where, [asc(productVariants.available), asc(productVariants.sku)], q);
  return { items: rows.map((row) => ({ ...row, units_to_add: threshold - row.available })), total };
}

/** The store that owns a live variant, or null when there is no such variant. */
export async function variantStore(db: Db, variantId: string): Promise<string | null> {
  const [row] = await db
    .select({ storeId: products.storeId })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(and(eq(productVariants.id, variantId), isNull(productVariants.deletedAt), isNull(products.deletedAt)));
  return row?.storeId ?? null;
}

/** Variants whose read model still shows held units: the ones whose holds may have missed their alarm. */
export async function variantsWithHolds(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: productVariants.id })
    .from(productVariants)
    .where(gt(productVariants.reserved, 0))
    .orderBy(asc(productVariants.id))
    .limit(limit);
  return rows.map((r) => r.id);
}
