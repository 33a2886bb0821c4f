import type { BatchItem } from "drizzle-orm/batch";
import { stockColumnsUpdate } from "../catalog/variant-stock";
import type { DbDeps } from "../env";
import type { StockState } from "./stock-types";

/**
 * Copies a StockObject's state into the variant's D1 read-model columns (version-guarded, so writes commute).
 * `records` (the audit rows of the adjustments in this state) land in the same batch.
 */
export async function writeReadModel(deps: DbDeps, variantId: string, state: StockState, records: BatchItem<"sqlite">[] = []): Promise<void> {
  const { db } = deps;
  const update = stockColumnsUpdate(db, variantId, { onHand: state.on_hand, reserved: state.held, available: state.available, stockVersion: state.version });
  await (records.length > 0 ? db.batch([update, ...records]) : update);
}
