/**
 * Bench-only Worker entry for bench/catalog.mjs: the real app, plus the ceilings it is measured against and a
 * way to change stock without a login. Never deployed.
 */
import { createApp } from "../src/app";
import type { Env } from "../src/env";
import { adjustStock } from "../src/inventory/service";
import { stockStub } from "../src/inventory/stock-client";

export { StockObject } from "../src/inventory/stock-object";

const app = createApp();
// A route that does nothing behind the same middleware as the catalog: the ceiling a cache hit is held to.
app.get("/api/v1/bench/noop", (c) => c.json({ ok: true }));

function param(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (!value) throw new Error(`missing ?${name}`);
  return value;
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/noop":
        return Response.json({ ok: true });
      case "/d1": {
        const row = await env.DB.prepare("SELECT id, name, price FROM products WHERE id = ?").bind(param(url, "id")).first();
        return Response.json(row);
      }
      case "/cache-lookup": {
        const found = await caches.default.match(`https://bench.internal/${param(url, "key")}`);
        return Response.json({ found: found !== undefined });
      }
      case "/cache-store": {
        // What a miss adds: storing a page-sized (9 KB) entry in the Cache API.
        const key = `https://bench.internal/${param(url, "key")}`;
        await caches.default.put(key, new Response("x".repeat(9_000), { headers: { "Cache-Control": "public, max-age=60" } }));
        return Response.json({ stored: true });
      }
      case "/stock": {
        const snapshot = await adjustStock(env, param(url, "variant"), { delta: Number(param(url, "delta")) }, "bench burst", "bench");
        return Response.json({ available: snapshot.available, version: snapshot.version });
      }
      case "/stock-state":
        return Response.json(await stockStub(env, param(url, "variant")).state());
      default:
        return app.fetch(request, env, ctx);
    }
  },
} satisfies ExportedHandler<Env>;
