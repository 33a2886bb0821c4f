import type { Db } from "../db/client";
import type { ReadDeps } from "../env";
import { countVariantStock, variantStockBySku, variantStockUnder, type VariantStockFilter } from "../catalog/variant-stock";
import { boundedTotal, cursorEnvelope, decodeCursor, type CursorQuery } from "../lib/cursor";
import type { InventoryFilter, InventoryRow, LowStockRow } from "./schemas";

/**
 * Reads of the stock read model in D1 (refreshed by each StockObject), through the catalog's variant-stock module.
 * Lists never ask the objects: a page of 100 variants must not wake 100 Durable Objects.
 */

/** `ownStoreId` is the seller's scope; it narrows whatever store filter was asked for. */
export type InventoryScope = InventoryFilter & VariantStockFilter;

const BY_SKU = "sku";
const BY_AVAILABLE = "available";

/**
 * Keyset pages read in index order from the cursor on: the SKU's unique index for the inventory, and
 * (available, sku) for low stock (plan tests in test/inventory/admin-pages.test.ts).
 */
export function inventoryPageQuery(db: Db, scope: InventoryScope, q: CursorQuery) {
  const after = q.cursor ? String(decodeCursor(q.cursor, BY_SKU, ["string"])[0]) : undefined;
  return variantStockBySku(db, scope, after, q.limit + 1);
}

export function lowStockPageQuery(db: Db, scope: InventoryScope, threshold: number, q: CursorQuery) {
  const after = q.cursor ? decodeCursor(q.cursor, BY_AVAILABLE, ["number", "string"]) : undefined;
  return variantStockUnder(db, scope, threshold, after, q.limit + 1);
}

export async function listInventory(deps: ReadDeps, scope: InventoryScope, q: CursorQuery) {
  const { db } = deps;
  const [rows, counted] = await Promise.all([
    inventoryPageQuery(db, scope, q),
    q.include === "total" ? countVariantStock(deps, scope) : null,
  ]);
  const page = cursorEnvelope(rows, q.limit, BY_SKU, (r) => [r.sku], (r): InventoryRow => r);
  return counted === null ? page : { ...page, ...boundedTotal(counted) };
}

/** Variants whose available stock is under the threshold, emptiest first. */
export async function listLowStock(deps: ReadDeps, scope: InventoryScope, threshold: number, q: CursorQuery) {
  const { db } = deps;
  const [rows, counted] = await Promise.all([
    lowStockPageQuery(db, scope, threshold, q),
    q.include === "total" ? countVariantStock(deps, scope, threshold) : null,
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
