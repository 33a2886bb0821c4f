/**
 * The pricing version: one KV key whose value changes whenever anything that feeds a cart's
 * totals changes outside the cart itself — a variant or product price, a product's is_active or
 * deleted_at, a store's is_active, or a discount code. Cached cart views remember the version they
 * were built under; a read that sees another version rebuilds from D1. So a price change is
 * never hidden by the cart cache, without the catalog knowing which carts hold the variant.
 *
 * Contract for the catalog (wired by the integrator): every write to those columns calls
 * `bumpPriceVersion(env)` after its D1 write succeeds.
 *
 * Stock levels deliberately do not bump it: they change on every order (a flash sale would turn
 * this key into a 1-write-per-second bottleneck and evict every cart). A view's `available` is
 * advisory and at most CART_VIEW_TTL_SECONDS old; checkout asks the StockObject.
 */
import type { Env } from "../env";
import { randomToken } from "../lib/crypto";

const KEY = "pricing:version";
/** KV accepts one write per second per key; a refused bump retries once after that window. */
const RETRY_AFTER_MS = 1100;

export async function getPriceVersion(env: Env): Promise<string> {
  return (await env.CART_CACHE.get(KEY)) ?? "0";
}

/** A random value, not a counter: KV has no atomic increment, and any new value invalidates. */
export async function bumpPriceVersion(env: Env): Promise<void> {
  const value = `${Date.now()}.${randomToken(6)}`;
  try {
    await env.CART_CACHE.put(KEY, value);
  } catch {
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    await env.CART_CACHE.put(KEY, value);
  }
}
