import type { Env } from "../env";

/** A variant's first stock as its StockObject counted it in. */
export interface InitialStock {
  on_hand: number;
  held: number;
  available: number;
}

/**
 * A new variant hands its initial stock to the one stock writer (docs/ARCHITECTURE.md invariant 1). Inventory reads
 * the catalog's variants, so the catalog cannot import inventory: inventory plugs its initializer in here when the
 * app loads its router (src/inventory/inventory.router.ts).
 */
export type StockInitializer = (env: Env, variantId: string, quantity: number, actorId: string) => Promise<InitialStock>;

let initializer: StockInitializer | undefined;

export function provideStockInitializer(fn: StockInitializer): void {
  initializer = fn;
}

export function initializeVariantStock(env: Env, variantId: string, quantity: number, actorId: string): Promise<InitialStock> {
  if (!initializer) throw new Error("No stock initializer: inventory provides one when the app loads its router");
  return initializer(env, variantId, quantity, actorId);
}
