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
