import { and, eq, lt } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import { productVariants } from "../db/schema";
import type { StockState } from "./stock-types";

/**
 * Copies a StockObject's state into the variant's D1 read-model columns. The version guard
 * makes writes commutative: a slow, older write that lands after a newer one changes nothing.
 * `records` (the audit rows of the adjustments in this state) land in the same batch.
 */
export async function writeReadModel(db: Db, variantId: string, state: StockState, records: BatchItem<"sqlite">[] = []): Promise<void> {
  const update = db
    .update(productVariants)
    .set({ onHand: state.on_hand, reserved: state.held, available: state.available, stockVersion: state.version })
    .where(and(eq(productVariants.id, variantId), lt(productVariants.stockVersion, state.version)));
  await (records.length > 0 ? db.batch([update, ...records]) : update);
}

/**
 * What a variant's read-model columns say before any object wrote them (seeded or imported rows). Raw D1: the
 * stock calls that need it carry the Env only, not a request's db.
 */
export async function readModelSeed(d1: D1Database, variantId: string): Promise<{ onHand: number; stockVersion: number } | undefined> {
  const row = await d1
    .prepare("SELECT on_hand, stock_version FROM product_variants WHERE id = ?")
    .bind(variantId)
    .first<{ on_hand: number; stock_version: number }>();
  return row ? { onHand: row.on_hand, stockVersion: row.stock_version } : undefined;
}
