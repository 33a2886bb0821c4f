import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

const EDGE_TTL_SECONDS = 300;
/** Browsers and CDNs in front must ask again each time; the edge copy answers them cheaply. */
const CLIENT_CACHE_CONTROL = "public, no-cache";

/**
 * Caches public catalog reads in the data centre's Cache API under a key that carries the catalog
 * version (a token every catalog write replaces, by trigger). A write therefore makes the next read a
 * miss, with no purge; entries of old versions simply age out. Clients are told to revalidate, so the
 * freshness promise holds end to end. Only successful GETs are stored.
 */
export const catalogCache = createMiddleware<AppEnv>(async (c, next) => {
  const version = await c.env.DB.prepare("SELECT version FROM catalog_version WHERE id = 1").first<string>("version");
  const url = new URL(c.req.url);
  url.searchParams.sort();
  const key = new Request(`https://catalog-cache.internal/${version ?? "none"}${url.pathname}${url.search}`);
  const cache = caches.default;

  const hit = await cache.match(key);
  if (hit) {
    const res = new Response(hit.body, hit);
    res.headers.set("X-Cache", "HIT");
    res.headers.set("Cache-Control", CLIENT_CACHE_CONTROL);
    return res;
  }
  await next();
  if (c.req.method !== "GET" || c.res.status !== 200) return;
  const stored = c.res.clone();
  const copy = new Response(stored.body, stored);
  copy.headers.set("Cache-Control", `public, max-age=${EDGE_TTL_SECONDS}`);
  await cache.put(key, copy);
  c.res.headers.set("X-Cache", "MISS");
  c.res.headers.set("Cache-Control", CLIENT_CACHE_CONTROL);
});
