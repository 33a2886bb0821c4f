/**
 * Cart use cases. Reads are served from the KV view cache when it is current (no D1 query);
 * writes change D1, then publish the recomputed view (see cache.ts for the consistency choice).
 */
import { getPriceVersion } from "../catalog/price-version";
import type { Deps } from "../env";
import { pricedUnder, readCachedView } from "./cache";
import { type CartOwner, type OwnedCart, cacheKeyFor, customerKeyOf, existingCart, resolveCart } from "./carts";
import { type CartConfig, cartConfig } from "./config";
import { applyCode, removeCode } from "./discount";
import { clearLines, removeItem, setItemQuantity } from "./lines";
import { entryFor, present, storeEntry } from "./publish";
import type { CartView } from "./schemas";
import { emptyCart } from "./view";

export type { CartOwner } from "./carts";
export { addCartItem } from "./add";

/** Computes the owner's view from D1 and stores it in the cache. */
async function publish(deps: Deps, owner: CartOwner, owned: OwnedCart, config: CartConfig, pricingVersion: string) {
  const customerKey = customerKeyOf(owner);
  const entry = await entryFor(deps, owned.cart.id, config, customerKey, pricingVersion);
  if (!entry) throw new Error("cart vanished during a change");
  const key = await cacheKeyFor(owned.token ? { kind: "guest", token: owned.token } : owner);
  await storeEntry(deps, key, owned.cart.id, entry, config, customerKey);
  return present(entry.body, owned.token);
}

export async function getCart(deps: Deps, owner: CartOwner): Promise<CartView> {
  const key = await cacheKeyFor(owner);
  const [cached, pricingVersion] = await Promise.all([
    key ? readCachedView(deps.env, key) : Promise.resolve(null),
    // Read before D1: a bump during the rebuild then leaves the entry marked old, never new.
    getPriceVersion(deps.env),
  ]);
  if (cached && pricedUnder(cached, pricingVersion) && cached.staleAt > Date.now()) {
    return present(cached.body, owner.kind === "guest" ? (owner.token ?? null) : null);
  }
  const config = cartConfig(deps.env);
  // Reading creates nothing: a guest with no live cart sees an empty one, and gets a token on the first write.
  const owned = await existingCart(deps, owner);
  return owned ? publish(deps, owner, owned, config, pricingVersion) : emptyCart(config);
}

type Change = (owned: OwnedCart, config: CartConfig) => Promise<void>;

async function change(deps: Deps, owner: CartOwner, apply: Change): Promise<CartView> {
  const config = cartConfig(deps.env);
  const pricingVersion = await getPriceVersion(deps.env);
  const owned = await resolveCart(deps, owner, config.idleMs);
  await apply(owned, config);
  return publish(deps, owner, owned, config, pricingVersion);
}

/** A change that empties something: with no cart there is nothing to empty, and no cart is made. */
async function changeExisting(deps: Deps, owner: CartOwner, apply: Change): Promise<CartView> {
  const config = cartConfig(deps.env);
  const pricingVersion = await getPriceVersion(deps.env);
  const owned = await existingCart(deps, owner);
  if (!owned) return emptyCart(config);
  await apply(owned, config);
  return publish(deps, owner, owned, config, pricingVersion);
}

/** Recomputes and caches the owner's view from D1, for changes made outside these use cases (a merge). */
export const refreshCart = (deps: Deps, owner: CartOwner) => change(deps, owner, async () => {});

export const updateCartItem = (deps: Deps, owner: CartOwner, itemId: string, quantity: number) =>
  change(deps, owner, (owned, config) => setItemQuantity(deps, owned, config, itemId, quantity));

export const removeCartItem = (deps: Deps, owner: CartOwner, itemId: string) =>
  change(deps, owner, (owned, config) => removeItem(deps, owned, config, itemId));

/** DELETE /cart. */
export const clearCart = (deps: Deps, owner: CartOwner) =>
  changeExisting(deps, owner, (owned, config) => clearLines(deps, owned, config));

export const applyCartDiscount = (deps: Deps, owner: CartOwner, code: string) =>
  change(deps, owner, (owned, config) => applyCode(deps, owned, config, code, customerKeyOf(owner)));

export const removeCartDiscount = (deps: Deps, owner: CartOwner) =>
  changeExisting(deps, owner, (owned, config) => removeCode(deps, owned, config));
