import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createDb } from "../../src/db/client";
import { categories, productVariants, products, stores } from "../../src/db/schema";
import { initializeStock } from "../../src/inventory/service";
import { stockStub } from "../../src/inventory/stock-client";

let seq = 0;
const next = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

export const db = () => createDb(env.DB);

/** A store with one category and one product, straight in D1 (the catalog's routes are not on this branch). */
export async function createProduct(storeId?: string) {
  const store = storeId ?? next("store");
  if (!storeId) await db().insert(stores).values({ id: store, slug: store, name: `Store ${store}` });
  const categoryId = next("cat");
  await db().insert(categories).values({ id: categoryId, slug: categoryId, name: "Shoes" });
  const productId = next("prod");
  await db()
    .insert(products)
    .values({ id: productId, storeId: store, categoryId, slug: productId, name: `Runner ${productId}`, basePrice: 100_000, currency: "IDR" });
  return { storeId: store, productId };
}

/** A variant row in D1 and, when `stock` is given, its StockObject initialized with it. */
export async function createVariant(options: { stock?: number; storeId?: string; sku?: string } = {}) {
  const { storeId, productId } = await createProduct(options.storeId);
  const id = next("var");
  const sku = options.sku ?? id.toUpperCase();
  await db().insert(productVariants).values({ id, productId, sku });
  if (options.stock !== undefined) await initializeStock(env, id, options.stock, "test-admin");
  return { id, sku, storeId, productId, stub: stockStub(env, id) };
}

export interface LedgerTotals {
  on_hand: number;
  held: number;
  live_hold_qty: number;
  rows: number;
}

/** Sums the object's ledger and live holds from inside it, to check that they add up to its counters. */
export function ledgerTotals(variantId: string): Promise<LedgerTotals> {
  return runInDurableObject(stockStub(env, variantId), (_instance, state) => {
    const ledger = state.storage.sql
      .exec<{ on_hand: number; held: number; rows: number }>(
        "SELECT COALESCE(SUM(delta_on_hand), 0) AS on_hand, COALESCE(SUM(delta_held), 0) AS held, COUNT(*) AS rows FROM ledger",
      )
      .one();
    const live = state.storage.sql
      .exec<{ qty: number }>("SELECT COALESCE(SUM(qty), 0) AS qty FROM holds WHERE status = 'held'")
      .one();
    return { ...ledger, live_hold_qty: live.qty };
  });
}

/** Moves every live hold's expiry into the past, as if its time had run out. */
export function lapseHolds(variantId: string): Promise<void> {
  return runInDurableObject(stockStub(env, variantId), (_instance, state) => {
    state.storage.sql.exec("UPDATE holds SET expires_at = ? WHERE status = 'held'", Date.now() - 1);
  });
}
