/**
 * Bench-only Worker entry for bench/flash.mjs: the real Worker (every route, both Durable Object
 * classes) with D1 round trips counted per request (X-Bench-D1 on each response), plus the same
 * run's ceilings and baselines under /__bench/. Never deployed.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { DurableObject } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { createDb } from "../src/db/client";
import { orders } from "../src/db/schema";
import type { Env } from "../src/env";
import worker from "../src/index";
import { getStockSnapshot, initializeStock } from "../src/inventory/service";
import { applyPaymentSucceeded } from "../src/payments/effects";
import { insertPayment } from "../src/payments/store";
import { type Cost, countingD1 } from "../test/support/counting-bindings";

export { StockObject } from "../src/inventory/stock-object";
export { OrderObject } from "../src/orders/order-object";

/** The ceiling: one object doing one check-and-decrement in its SQLite, and nothing else. */
export class BareCounter extends DurableObject<BenchEnv> {
  constructor(ctx: DurableObjectState, env: BenchEnv) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
  }

  fill(n: number): void {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO counter (id, n) VALUES (1, ?)", n);
  }

  take(): boolean {
    return this.ctx.storage.transactionSync(() => {
      const row = this.ctx.storage.sql.exec<{ n: number }>("SELECT n FROM counter WHERE id = 1").toArray()[0];
      if (!row || row.n < 1) return false;
      this.ctx.storage.sql.exec("UPDATE counter SET n = n - 1 WHERE id = 1");
      return true;
    });
  }
}

interface BenchEnv extends Env {
  BARE: DurableObjectNamespace<BareCounter>;
}

const param = (url: URL, name: string) => {
  const value = url.searchParams.get(name);
  if (value === null) throw new Error(`missing ?${name}`);
  return value;
};

async function bench(url: URL, env: BenchEnv): Promise<Response> {
  switch (url.pathname) {
    case "/__bench/noop":
      return Response.json({ ok: true });
    case "/__bench/bare-fill":
      await env.BARE.get(env.BARE.idFromName(param(url, "name"))).fill(Number(param(url, "n")));
      return Response.json({ ok: true });
    case "/__bench/bare": {
      const ok = await env.BARE.get(env.BARE.idFromName(param(url, "name"))).take();
      return Response.json({ ok }, { status: ok ? 200 : 409 });
    }
    case "/__bench/d1-read": {
      const row = await env.DB.prepare("SELECT id, available FROM product_variants WHERE id = ?").bind(param(url, "variant")).first();
      return Response.json({ ok: row !== null });
    }
    case "/__bench/naive-setup":
      await env.DB.batch([
        env.DB.prepare("CREATE TABLE IF NOT EXISTS naive_stock (id TEXT PRIMARY KEY, available INTEGER NOT NULL)"),
        env.DB.prepare("CREATE TABLE IF NOT EXISTS naive_orders (id TEXT PRIMARY KEY, run TEXT NOT NULL)"),
        env.DB.prepare("INSERT OR REPLACE INTO naive_stock (id, available) VALUES (?, ?)").bind(param(url, "run"), Number(param(url, "units"))),
      ]);
      return Response.json({ ok: true });
    case "/__bench/naive": {
      // What not to do: read, decide in the Worker, write. Concurrent buyers all read the same count.
      const run = param(url, "run");
      const row = await env.DB.prepare("SELECT available FROM naive_stock WHERE id = ?").bind(run).first<{ available: number }>();
      if (!row || row.available < 1) return Response.json({ ok: false }, { status: 409 });
      await env.DB.prepare("INSERT INTO naive_orders (id, run) VALUES (?, ?)").bind(crypto.randomUUID(), run).run();
      await env.DB.prepare("UPDATE naive_stock SET available = ? WHERE id = ?").bind(row.available - 1, run).run();
      return Response.json({ ok: true }, { status: 201 });
    }
    case "/__bench/naive-result": {
      const run = param(url, "run");
      const sold = await env.DB.prepare("SELECT COUNT(*) AS n FROM naive_orders WHERE run = ?").bind(run).first<{ n: number }>();
      const stock = await env.DB.prepare("SELECT available FROM naive_stock WHERE id = ?").bind(run).first<{ available: number }>();
      return Response.json({ sold: sold?.n ?? 0, available: stock?.available ?? null });
    }
    case "/__bench/init":
      return Response.json(await initializeStock(env, param(url, "variant"), Number(param(url, "qty")), "bench"));
    case "/__bench/pay": {
      // A payment confirmed through the order's authority, as a staff-confirmed transfer is.
      const db = createDb(env.DB);
      const order = await db.query.orders.findFirst({ where: eq(orders.id, param(url, "order")) });
      if (!order) return Response.json({ outcome: "no_order" }, { status: 404 });
      const payment = await insertPayment(
        { env, db },
        { id: crypto.randomUUID(), orderId: order.id, provider: "manual", providerRef: null, amount: order.total, currency: order.currency, status: "pending", clientData: {} },
        "bench",
      );
      const reply = await applyPaymentSucceeded({ env, db }, payment, {
        amount: order.total,
        currency: order.currency,
        source: "bench",
      });
      return Response.json({ outcome: reply.outcome });
    }
    case "/__bench/result": {
      const variant = param(url, "variant");
      const rows = await env.DB.prepare(
        `SELECT o.id, o.status FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.variant_id = ?`,
      )
        .bind(variant)
        .all<{ id: string; status: string }>();
      const { holds, ...state } = await getStockSnapshot(env, variant);
      return Response.json({ orders: rows.results, stock: { ...state, live_holds: holds.length } });
    }
    default:
      return new Response("not found", { status: 404 });
  }
}

/**
 * Production passes the same env object (same bindings, by identity) to every request of an isolate, and
 * the app memoises per binding (src/db/client.ts): so the counting env is built once, and each count goes
 * to the Cost of the request it runs in.
 */
const requestCost = new AsyncLocalStorage<Cost>();
const ambientCost: Cost = {
  get d1() {
    return requestCost.getStore()?.d1 ?? 0;
  },
  set d1(n: number) {
    const cost = requestCost.getStore();
    if (cost) cost.d1 = n;
  },
  kvPuts: 0,
  stockCalls: 0,
};
let countingEnv: { of: BenchEnv; env: BenchEnv } | undefined;
function countingEnvOf(env: BenchEnv): BenchEnv {
  if (countingEnv?.of !== env) countingEnv = { of: env, env: { ...env, DB: countingD1(env.DB, ambientCost) } };
  return countingEnv.env;
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__bench/")) return bench(url, env);
    const cost: Cost = { d1: 0, kvPuts: 0, stockCalls: 0 };
    const response = await requestCost.run(cost, () => worker.fetch(request, countingEnvOf(env), ctx));
    const counted = new Response(response.body, response);
    counted.headers.set("X-Bench-D1", String(cost.d1));
    return counted;
  },
  queue: worker.queue,
  scheduled: worker.scheduled,
} satisfies ExportedHandler<BenchEnv>;
