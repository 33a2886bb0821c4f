/** Publishing a cart's computed view: into the KV cache (once per change) and into the response. */
import { getPriceVersion } from "../catalog/price-version";
import type { Deps, ReadDeps } from "../env";
import { type CachedCart, staleAtFor, storeView } from "./cache";
import type { CartRow } from "./carts";
import { type CartConfig } from "./config";
import type { CartBody, CartView } from "./schemas";
import { loadCart } from "./snapshot";
import type { BuiltCart } from "./view";

export const present = (body: CartBody, token: string | null): CartView => (token ? { cart_token: token, ...body } : body);

export function entryOf(cart: CartRow, built: BuiltCart, pricingVersion: string): CachedCart {
  return { body: built.body, version: cart.version, pricingVersion, staleAt: staleAtFor(built.changesAt) };
}

/** The cache entry for a cart as D1 has it now (one round trip); null when the cart is gone. */
export async function entryFor(deps: ReadDeps, cartId: string, config: CartConfig, customerKey: string | null, pricingVersion: string) {
  const loaded = await loadCart(deps, { id: cartId }, config, customerKey);
  return loaded ? entryOf(loaded.cart, loaded.built, pricingVersion) : null;
}

/** One KV put of a view already computed; a refused put is repaired later from D1 (cache.ts). */
export async function storeEntry(
  deps: Deps,
  key: string | null,
  cartId: string,
  entry: CachedCart,
  config: CartConfig,
  customerKey: string | null,
): Promise<void> {
  if (!key) return;
  await storeView(deps.env, deps.defer, key, entry, async () =>
    entryFor(deps, cartId, config, customerKey, await getPriceVersion(deps.env)),
  );
}
