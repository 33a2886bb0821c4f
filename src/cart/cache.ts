/**
 * The KV cache of computed cart views (D1 stays the truth; checkout never reads this).
 *
 * Why write-through with a deferred repair, and a 60 s life:
 * - A read must cost KV only: it gets the owner's view and the pricing version in parallel, and
 *   serves the view when it was built under that pricing version and is not past `staleAt`.
 * - Every cart write puts the freshly computed view (stamped with the cart's D1 version), so the
 *   next read at this location sees the write. KV refuses more than one write per second per key:
 *   a refused put never fails the request (the response carries the fresh view from D1); instead a
 *   background task (waitUntil) waits out the window, rebuilds the view from D1 and puts it unless
 *   the cache already holds that version — so a burst converges on its last write within seconds.
 * - Deleting on write instead would hit the same per-key limit, and a concurrent read could put
 *   back a view built before the write. Either way KV cannot promise more than its own model:
 *   other locations may see an old value for up to 60 s. So every entry also expires 60 s after it
 *   was built (KV's minimum TTL): if every repair is refused too, a stale view still cannot outlive
 *   that bound. The cost is at most one D1 rebuild per cart per minute of reading.
 */
import type { Env } from "../env";
import { log } from "../lib/log";
import type { CartBody } from "./schemas";

const VIEW_TTL_SECONDS = 60;
const REPAIR_DELAY_MS = 1100;
const REPAIR_ATTEMPTS = 3;

/** The pricing version of a view that shows no price: an empty cart's view is current under any version. */
export const ANY_PRICING = "*";

/** Whether an entry may be served under the current pricing version. */
export const pricedUnder = (entry: CachedCart, pricingVersion: string) =>
  entry.pricingVersion === pricingVersion || entry.pricingVersion === ANY_PRICING;

export interface CachedCart {
  body: CartBody;
  version: number;
  pricingVersion: string;
  /** Epoch ms after which the entry is a miss (TTL, guest idle expiry, a code's start or end). */
  staleAt: number;
}

export type Defer = (task: Promise<unknown>) => void;

export function staleAtFor(changesAt: number | null, now = Date.now()): number {
  return Math.min(now + VIEW_TTL_SECONDS * 1000, changesAt ?? Number.POSITIVE_INFINITY);
}

export async function readCachedView(env: Env, key: string): Promise<CachedCart | null> {
  try {
    return await env.CART_CACHE.get<CachedCart>(key, "json");
  } catch (err) {
    log("warn", "cart.cache_read_failed", { key, error: String(err) });
    return null;
  }
}

async function put(env: Env, key: string, entry: CachedCart): Promise<void> {
  await env.CART_CACHE.put(key, JSON.stringify(entry), { expirationTtl: VIEW_TTL_SECONDS });
}

/**
 * Stores a view; never throws. `rebuild` recomputes the current entry from D1 for the repair
 * (null when the cart is gone).
 */
export async function storeView(
  env: Env,
  defer: Defer,
  key: string,
  entry: CachedCart,
  rebuild: () => Promise<CachedCart | null>,
): Promise<void> {
  try {
    await put(env, key, entry);
  } catch (err) {
    log("warn", "cart.cache_write_refused", { key, version: entry.version, error: String(err) });
    defer(repair(env, key, rebuild));
  }
}

async function repair(env: Env, key: string, rebuild: () => Promise<CachedCart | null>): Promise<void> {
  for (let attempt = 1; attempt <= REPAIR_ATTEMPTS; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, REPAIR_DELAY_MS * attempt));
    try {
      const fresh = await rebuild();
      if (!fresh) return dropView(env, key);
      const cached = await readCachedView(env, key);
      if (cached && cached.version >= fresh.version && pricedUnder(cached, fresh.pricingVersion)) return;
      await put(env, key, fresh);
      return;
    } catch (err) {
      log("warn", "cart.cache_repair_failed", { key, attempt, error: String(err) });
    }
  }
}

/** Best effort: a failed delete leaves a view that expires within VIEW_TTL_SECONDS. */
export async function dropView(env: Env, key: string): Promise<void> {
  try {
    await env.CART_CACHE.delete(key);
  } catch (err) {
    log("warn", "cart.cache_delete_failed", { key, error: String(err) });
  }
}
