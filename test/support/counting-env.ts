import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index";
import { BASE, randomClientIp } from "../helpers";
import { type Cost, countingD1, countingKv, countingNamespace } from "./counting-bindings";

/**
 * The Worker's fetch with counting bindings (counting-bindings.ts): what one request cost on the
 * request path. The stock objects' own D1 writes (their read model, in the background) use their
 * own binding and are not counted; nor is anything the request left running after its response.
 */
export async function countedFetch(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const cost: Cost = { d1: 0, kvPuts: 0, stockCalls: 0 };
  const statements = { n: 0 };
  const counted = { ...env, DB: countingD1(env.DB, cost, statements), CART_CACHE: countingKv(env.CART_CACHE, cost), STOCK: countingNamespace(env.STOCK, cost) };
  const ctx = createExecutionContext();
  const url = path.startsWith("/api/") ? path : `/api/v1${path}`;
  // Each call is its own client unless the test says otherwise (as in helpers' api), so per-client limits only bite where tested.
  const headers = new Headers(init.headers);
  if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", randomClientIp());
  const response = await worker.fetch(new Request(`${BASE}${url}`, { ...init, headers }) as Request<unknown, IncomingRequestCfProperties>, counted, ctx);
  const body = await response.text();
  const spent = { ...cost };
  const ran = statements.n;
  await waitOnExecutionContext(ctx);
  return { response, body, json: () => JSON.parse(body) as Record<string, any>, cost: spent, statements: ran };
}
