/**
 * Bench-only Worker entry: exposes the StockObject's RPC over loopback HTTP for
 * bench/stock-object.mjs. Never deployed; the API has no unauthenticated reserve route.
 */
import type { Env } from "../src/env";
import { initializeStock } from "../src/inventory/service";
import { stockStub } from "../src/inventory/stock-client";

export { StockObject } from "../src/inventory/stock-object";

const TTL_MS = 15 * 60 * 1000;

function param(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (!value) throw new Error(`missing ?${name}`);
  return value;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const variantId = param(url, "variant");
    switch (url.pathname) {
      case "/noop":
        return Response.json({ ok: true });
      case "/state":
        return Response.json(await stockStub(env, variantId).state());
      case "/init":
        return Response.json(await initializeStock(env, variantId, Number(param(url, "qty")), "bench"));
      case "/reserve": {
        const result = await stockStub(env, variantId).reserve(param(url, "order"), 1, TTL_MS);
        return Response.json({ ok: result.ok }, { status: result.ok ? 200 : 409 });
      }
      case "/burst": {
        // Many callers inside one Worker, without the HTTP harness in between: what the object itself sustains.
        const total = Number(param(url, "n"));
        const lanes = Number(param(url, "concurrency"));
        const stub = stockStub(env, variantId);
        let next = 0;
        let ok = 0;
        const started = Date.now();
        await Promise.all(
          Array.from({ length: lanes }, async () => {
            while (next < total) {
              const result = await stub.reserve(`burst-${next++}`, 1, TTL_MS);
              if (result.ok) ok++;
            }
          }),
        );
        return Response.json({ requests: total, ok, duration_ms: Date.now() - started });
      }
      case "/snapshot": {
        const { holds, ...state } = await stockStub(env, variantId).snapshot();
        return Response.json({ ...state, live_holds: holds.length });
      }
      default:
        return new Response("not found", { status: 404 });
    }
  },
} satisfies ExportedHandler<Env>;
