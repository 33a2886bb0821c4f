import { and, asc, count, eq, gt, isNull, like, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { productVariants, products } from "../db/schema";
import { boundedTotal, cursorEnvelope, decodeCursor, TOTAL_CAP, type CursorQuery } from "../lib/cursor";
import { keysetAfter, keysetOrder } from "../lib/keyset";
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

async function countCapped(db: Db, where: SQL | undefined): Promise<number> {
  const capped = db
    .select({ one: sql`1` })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(where)
    .limit(TOTAL_CAP + 1)
    .as("capped");
  const [row] = await db.select({ n: count() }).from(capped);
  return row?.n ?? 0;
}

const BY_SKU = "sku";
const BY_AVAILABLE = "available";

/**
 * Keyset pages read in index order from the cursor on: the SKU's unique index for the inventory, and
 * (available, sku) for low stock (plan tests in test/inventory/admin-pages.test.ts).
 */
export function inventoryPageQuery(db: Db, scope: InventoryScope, q: CursorQuery) {
  const where = conditions(scope);
  if (q.cursor) where.push(gt(productVariants.sku, String(decodeCursor(q.cursor, BY_SKU, ["string"])[0])));
  return db
    .select(rowFields)
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(and(...where))
    .orderBy(asc(productVariants.sku))
    .limit(q.limit + 1);
}

export function lowStockPageQuery(db: Db, scope: InventoryScope, threshold: number, q: CursorQuery) {
  const where = [...conditions(scope), lt(productVariants.available, threshold)];
  if (q.cursor) {
    where.push(keysetAfter(productVariants.available, productVariants.sku, decodeCursor(q.cursor, BY_AVAILABLE, ["number", "string"]), "asc"));
  }
  return db
    .select(rowFields)
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(and(...where))
    .orderBy(...keysetOrder(productVariants.available, productVariants.sku, "asc"))
    .limit(q.limit + 1);
}

export async function listInventory(db: Db, scope: InventoryScope, q: CursorQuery) {
  const [rows, counted] = await Promise.all([
    inventoryPageQuery(db, scope, q),
    q.include === "total" ? countCapped(db, and(...conditions(scope))) : null,
  ]);
  const page = cursorEnvelope(rows, q.limit, BY_SKU, (r) => [r.sku], (r): InventoryRow => r);
  return counted === null ? page : { ...page, ...boundedTotal(counted) };
}

/** Variants whose available stock is under the threshold, emptiest first. */
export async function listLowStock(db: Db, scope: InventoryScope, threshold: number, q: CursorQuery) {
  const [rows, counted] = await Promise.all([
    lowStockPageQuery(db, scope, threshold, q),
    q.include === "total" ? countCapped(db, and(...conditions(scope), lt(productVariants.available, threshold))) : null,
  ]);
  const page = cursorEnvelope(
    rows,
    q.limit,
    BY_AVAILABLE,
    (r) => [r.available, r.sku],
    (r): LowStockRow => ({ ...r, units_to_add: threshold - r.available }),
  );
  return counted === null ? page : { ...page, ...boundedTotal(counted) };
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
