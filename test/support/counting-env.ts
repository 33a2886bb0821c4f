import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index";
import { BASE } from "../helpers";

/** What one request cost on the request path: D1 round trips, KV writes and stock-object stubs taken. */
export interface Cost {
  d1: number;
  kvPuts: number;
  stockCalls: number;
}

/**
 * The Worker's fetch with counting bindings: every D1 `batch`/`first`/`all`/`run`/`raw`/`exec` is one
 * round trip, every CART_CACHE `put` one KV write, every STOCK `get` one stock call. The objects'
 * own D1 writes (their read model, in the background) use their own binding and are not counted.
 */
export async function countedFetch(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const cost: Cost = { d1: 0, kvPuts: 0, stockCalls: 0 };
  const statements = new WeakMap<object, D1PreparedStatement>();
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args));
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== "function") return value;
        if (prop === "first" || prop === "all" || prop === "run" || prop === "raw") {
          return (...args: unknown[]) => {
            cost.d1++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    statements.set(proxy, stmt);
    return proxy;
  };
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => wrap(target.prepare(query));
      if (prop === "batch") {
        return (list: D1PreparedStatement[]) => {
          cost.d1++;
          return target.batch(list.map((s) => statements.get(s) ?? s));
        };
      }
      if (prop === "exec") {
        return (query: string) => {
          cost.d1++;
          return target.exec(query);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const kv = new Proxy(env.CART_CACHE, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      if (prop === "put") {
        return (...args: unknown[]) => {
          cost.kvPuts++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  const stock = new Proxy(env.STOCK, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      if (prop === "get") {
        return (...args: unknown[]) => {
          cost.stockCalls++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  const counted = { ...env, DB: db, CART_CACHE: kv, STOCK: stock };
  const ctx = createExecutionContext();
  const url = path.startsWith("/api/") ? path : `/api/v1${path}`;
  const request = new Request(`${BASE}${url}`, init);
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, counted, ctx);
  const body = await response.text();
  const spent = { ...cost };
  await waitOnExecutionContext(ctx);
  return { response, body, json: () => JSON.parse(body) as Record<string, any>, cost: spent };
}
