import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { productVariants } from "../db/schema";
import type { StockState } from "./stock-types";

/**
 * Copies a StockObject's state into the variant's D1 read-model columns. The version guard
 * makes writes commutative: a slow, older write that lands after a newer one changes nothing.
 */
export async function writeReadModel(db: Db, variantId: string, state: StockState): Promise<void> {
  await db
    .update(productVariants)
    .set({ onHand: state.on_hand, reserved: state.held, available: state.available, stockVersion: state.version })
    .where(and(eq(productVariants.id, variantId), lt(productVariants.stockVersion, state.version)));
}

/** What a variant's read-model columns say before any object wrote them (seeded or imported rows). */
export async function readModelSeed(db: Db, variantId: string): Promise<{ onHand: number; stockVersion: number } | undefined> {
  return db.query.productVariants.findFirst({
    columns: { onHand: true, stockVersion: true },
    where: eq(productVariants.id, variantId),
  });
}
