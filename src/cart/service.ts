/**
 * Cart use cases. Reads are served from the KV view cache when it is current (no D1 query);
 * writes change D1, then publish the recomputed view (see cache.ts for the consistency choice).
 */
import { getPriceVersion } from "../catalog/price-version";
import type { Db } from "../db/client";
import type { DiscountRow } from "../discounts/rules";
import type { Env } from "../env";
import { type CachedCart, type Defer, readCachedView, staleAtFor, storeView } from "./cache";
import {
  type CartOwner,
  type OwnedCart,
  cacheKeyFor,
  customerKeyOf,
  existingCart,
  findGuestCart,
  customerCart,
  reloadCart,
  resolveCart,
} from "./carts";
import { type CartConfig, cartConfig } from "./config";
import { applyCode, removeCode } from "./discount";
import { addItem, clearLines, removeItem, setItemQuantity } from "./lines";
import type { CartBody, CartView } from "./schemas";
import { type CartLine, buildCart, emptyCart } from "./view";

export type { CartOwner } from "./carts";

export interface CartDeps {
  env: Env;
  db: Db;
  /** Keeps a background task alive after the response (ExecutionContext.waitUntil). */
  defer: Defer;
  /** Called before a guest cart is created; throws to refuse (the per-client creation limit). */
  admitNewCart?: () => Promise<void>;
}

const admitAll = async () => {};

const present = (body: CartBody, token: string | null): CartView => (token ? { cart_token: token, ...body } : body);

/** The cache entry for a cart as D1 has it now; null when the cart is gone. */
async function entryFor(db: Db, cartId: string, config: CartConfig, customerKey: string | null, pricingVersion: string) {
  const cart = await reloadCart(db, cartId);
  if (!cart) return null;
  const built = await buildCart(db, cart, config, customerKey);
  const entry: CachedCart = { body: built.body, version: cart.version, pricingVersion, staleAt: staleAtFor(built.changesAt) };
  return entry;
}

/** Computes the owner's view from D1 and stores it in the cache. */
async function publish(deps: CartDeps, owner: CartOwner, owned: OwnedCart, config: CartConfig, pricingVersion: string) {
  const customerKey = customerKeyOf(owner);
  const entry = await entryFor(deps.db, owned.cart.id, config, customerKey, pricingVersion);
  if (!entry) throw new Error("cart vanished during a change");
  const key = await cacheKeyFor(owned.token ? { kind: "guest", token: owned.token } : owner);
  if (key) {
    await storeView(deps.env, deps.defer, key, entry, async () =>
      entryFor(deps.db, owned.cart.id, config, customerKey, await getPriceVersion(deps.env)),
    );
  }
  return present(entry.body, owned.token);
}

export async function getCart(deps: CartDeps, owner: CartOwner): Promise<CartView> {
  const key = await cacheKeyFor(owner);
  const [cached, pricingVersion] = await Promise.all([
    key ? readCachedView(deps.env, key) : Promise.resolve(null),
    // Read before D1: a bump during the rebuild then leaves the entry marked old, never new.
    getPriceVersion(deps.env),
  ]);
  if (cached && cached.pricingVersion === pricingVersion && cached.staleAt > Date.now()) {
    return present(cached.body, owner.kind === "guest" ? (owner.token ?? null) : null);
  }
  const config = cartConfig(deps.env);
  // Reading creates nothing: a guest with no live cart sees an empty one, and gets a token on the first write.
  const owned = await existingCart(deps.db, owner);
  return owned ? publish(deps, owner, owned, config, pricingVersion) : emptyCart(config);
}

type Change = (owned: OwnedCart, config: CartConfig) => Promise<void>;

async function change(deps: CartDeps, owner: CartOwner, apply: Change): Promise<CartView> {
  const config = cartConfig(deps.env);
  const pricingVersion = await getPriceVersion(deps.env);
  const owned = await resolveCart(deps.db, owner, config.idleMs, deps.admitNewCart ?? admitAll);
  await apply(owned, config);
  return publish(deps, owner, owned, config, pricingVersion);
}

/** A change that empties something: with no cart there is nothing to empty, and no cart is made. */
async function changeExisting(deps: CartDeps, owner: CartOwner, apply: Change): Promise<CartView> {
  const config = cartConfig(deps.env);
  const pricingVersion = await getPriceVersion(deps.env);
  const owned = await existingCart(deps.db, owner);
  if (!owned) return emptyCart(config);
  await apply(owned, config);
  return publish(deps, owner, owned, config, pricingVersion);
}

/** Recomputes and caches the owner's view from D1, for changes made outside these use cases (a merge). */
export const refreshCart = (deps: CartDeps, owner: CartOwner) => change(deps, owner, async () => {});

export const addCartItem = (deps: CartDeps, owner: CartOwner, variantId: string, quantity: number) =>
  change(deps, owner, (owned, config) => addItem(deps.db, owned, config, variantId, quantity));

export const updateCartItem = (deps: CartDeps, owner: CartOwner, itemId: string, quantity: number) =>
  change(deps, owner, (owned, config) => setItemQuantity(deps.db, owned, config, itemId, quantity));

export const removeCartItem = (deps: CartDeps, owner: CartOwner, itemId: string) =>
  change(deps, owner, (owned, config) => removeItem(deps.db, owned, config, itemId));

/** DELETE /cart, and what checkout calls once an order holds the cart's contents. */
export const clearCart = (deps: CartDeps, owner: CartOwner) =>
  changeExisting(deps, owner, (owned, config) => clearLines(deps.db, owned, config));

export const applyCartDiscount = (deps: CartDeps, owner: CartOwner, code: string) =>
  change(deps, owner, (owned, config) => applyCode(deps.db, owned, config, code, customerKeyOf(owner)));

export const removeCartDiscount = (deps: CartDeps, owner: CartOwner) =>
  changeExisting(deps, owner, (owned, config) => removeCode(deps.db, owned, config));

export interface CheckoutCart {
  cartId: string;
  /** Lines with their live variants; checkout must still refuse lines where `variant.sellable` is false. */
  lines: CartLine[];
  /** The code that applies now (already checked against every rule but the atomic usage count). */
  discount: DiscountRow | null;
  /** Totals at live prices, as the cart view shows them. */
  view: CartBody;
}

/** For checkout: the owner's cart straight from D1 (never the cache); null for a guest with no live cart. */
export async function loadCartForCheckout(env: Env, db: Db, owner: CartOwner): Promise<CheckoutCart | null> {
  const cart =
    owner.kind === "customer" ? await customerCart(db, owner.userId) : owner.token ? await findGuestCart(db, owner.token) : undefined;
  if (!cart) return null;
  const built = await buildCart(db, cart, cartConfig(env), customerKeyOf(owner));
  return { cartId: cart.id, lines: built.lines, discount: built.discount, view: built.body };
}
