import { eq, sql } from "drizzle-orm";
import { createDb } from "../db/client";
import { productVariants } from "../db/schema";
import type { Env } from "../env";

export interface StockState {
  on_hand: number;
  reserved: number;
  available: number;
}

/**
 * The one place catalog code writes a variant's stock (DESIGN.md invariant 1). Until the inventory
 * domain's StockObject lands, it writes the read-model columns directly; then its body becomes a call
 * to the variant's Durable Object (which records `actorId` in its ledger) followed by the read-model refresh.
 */
export async function setInitialStock(env: Env, variantId: string, quantity: number, actorId: string): Promise<StockState> {
  const [row] = await createDb(env.DB)
    .update(productVariants)
    .set({
      onHand: quantity,
      reserved: 0,
      available: quantity,
      stockVersion: sql`${productVariants.stockVersion} + 1`,
      updatedAt: Date.now(),
    })
    .where(eq(productVariants.id, variantId))
    .returning({ on_hand: productVariants.onHand, reserved: productVariants.reserved, available: productVariants.available });
  if (!row) throw new Error(`variant ${variantId} vanished before its stock was set`);
  return row;
}
