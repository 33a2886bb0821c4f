import type { Context, TypedResponse } from "hono";
import type { JSONParsed } from "hono/utils/types";
import type { AppEnv } from "../env";
import { readSession, returnBookmark, bookmarkOf } from "../lib/d1-session";
import { catalogVersion } from "./catalog-version";

/** How long a catalog entry lives (it is replaced sooner by any catalog write, through the version). */
export const EDGE_TTL_SECONDS = 300;
/** Browsers and CDNs in front must ask again each time; the edge copy answers them cheaply. */
const CLIENT_CACHE_CONTROL = "public, no-cache";
/** Entries kept in this isolate's memory in front of the data centre's Cache API; the oldest go first. */
const MEMORY_ENTRIES = 500;
/** When a shared entry ends (ms), so a copy taken from the Cache API into memory ends no later. */
const UNTIL_HEADER = "X-Catalog-Until";

interface Entry {
  body: unknown;
  until: number;
  /** Whether the Cache API holds it too (it came from there, or this isolate has stored it). */
  shared: boolean;
}
const memory = new Map<string, Entry>();

function remember(key: string, entry: Entry): void {
  memory.delete(key);
  memory.set(key, entry);
  const oldest = memory.keys().next();
  if (memory.size > MEMORY_ENTRIES && !oldest.done) memory.delete(oldest.value);
}

/**
 * A public catalog read through two cache layers: this isolate's memory, then the data centre's Cache API,
 * both keyed by the catalog version (catalog-version.ts) and the sorted URL. A write replaces the version,
 * so the next read misses without any purge; old entries age out. A hit costs no D1 query. What an entry
 * holds is catalog only (names, prices, images, ids): live availability is merged per response by the
 * caller (availability.ts), so stock changes never evict an entry.
 *
 * `build` runs on a miss, through a D1 session that reads a replica (or one at least as fresh as the
 * client's bookmark). An entry goes to the Cache API only when this isolate reads it a second time: storing
 * is the dearest part of a miss, and most one-off pages (deep cursors, rare filters) are never read again.
 * `build` may call `endsBy(ms)` with the instant its page stops being true without any write (a product's sale
 * window closing): the entry then ends no later than that, instead of after `ttlSeconds`.
 * Sets X-Cache, Cache-Control and the bookmark header.
 */
export async function catalogRead<T>(
  c: Context<AppEnv>,
  ttlSeconds: number,
  build: (d1: D1DatabaseSession, endsBy: (at: number | null) => void) => Promise<T>,
): Promise<{ body: T; d1: D1DatabaseSession }> {
  const d1 = readSession(c);
  const version = await catalogVersion(d1, bookmarkOf(c) !== undefined);
  const url = new URL(c.req.url);
  url.searchParams.sort();
  const key = `https://catalog-cache.internal/${version}${url.pathname}${url.search}`;
  c.header("Cache-Control", CLIENT_CACHE_CONTROL);

  // The key names the route and its query, so an entry found under it is always that route's T.
  const cache = caches.default;
  const inMemory = memory.get(key);
  const now = Date.now();
  if (inMemory && inMemory.until > now) {
    if (!inMemory.shared) {
      inMemory.shared = true;
      const left = Math.max(1, Math.floor((inMemory.until - now) / 1000));
      const copy = new Response(JSON.stringify(inMemory.body), {
        headers: { "Content-Type": "application/json", "Cache-Control": `public, max-age=${left}`, [UNTIL_HEADER]: String(inMemory.until) },
      });
      c.var.deps.defer(cache.put(key, copy));
    }
    c.header("X-Cache", "HIT");
    returnBookmark(c, d1);
    return { body: inMemory.body as T, d1 };
  }
  const stored = await cache.match(key);
  // max-age is in whole seconds; the entry's own end is exact.
  const storedUntil = stored ? Math.min(now + ttlSeconds * 1000, Number(stored.headers.get(UNTIL_HEADER)) || Infinity) : 0;
  if (stored && storedUntil > now) {
    const body = (await stored.json()) as T;
    remember(key, { body, until: storedUntil, shared: true });
    c.header("X-Cache", "HIT");
    returnBookmark(c, d1);
    return { body, d1 };
  }

  let until = Date.now() + ttlSeconds * 1000;
  const body = await build(d1, (at) => {
    if (at !== null) until = Math.min(until, at);
  });
  // An entry that is already over is not kept (a window closed while the page was built).
  if (until > Date.now()) remember(key, { body, until, shared: false });
  c.header("X-Cache", "MISS");
  returnBookmark(c, d1);
  return { body, d1 };
}

/** The last JSON served for a cached body, with the live figures it was merged with (compared by identity). */
const served = new WeakMap<object, { live: readonly unknown[]; json: string }>();

/** JSON text serialized from a T. */
export type JsonOf<T> = string & { readonly __jsonOf?: T };

/**
 * A response body built from a cached catalog body and live figures (availability.ts), serialized once while
 * neither changes: the memo hands the same body and the same figure objects to every hit, so a hit compares a
 * few references instead of serializing the page (which was the largest part of a hit's CPU).
 */
export function servedJson<T>(body: object, live: readonly unknown[], merge: () => T): JsonOf<T> {
  const last = served.get(body);
  if (last && last.live.length === live.length && last.live.every((figure, i) => figure === live[i])) return last.json;
  const json = JSON.stringify(merge());
  served.set(body, { live, json });
  return json;
}

/** Sends JSON text serialized from a T, typed as `c.json(value, 200)` would be (so the route's schema still checks it). */
export function sendJson<T>(c: Context<AppEnv>, json: JsonOf<T>) {
  return c.body(json, 200, { "Content-Type": "application/json" }) as unknown as Response & TypedResponse<JSONParsed<T>, 200, "json">;
}
