#!/usr/bin/env node
// A flash sale through the real Worker in Miniflare (issue 13). Per run: guest carts prepared untimed
// (one unit each), then every buyer fires POST /api/v1/orders with an Idempotency-Key at a fixed
// concurrency; in the same run, the ceilings (a no-op route, a bare Durable Object doing one
// check-and-decrement, a D1 point read) and a naive D1 read-then-write sale that oversells; then every
// winner pays. Exits 1 if any run is not exact.
//
//   npm run bench:flash                                   # 500/100 @c150, 500/100 @c200, 5000/100 @c500, 3 runs each
//   npm run bench:flash -- --configs 500/100@150 --runs 1
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Miniflare } from "miniflare";
import { hottest, saveCpuProfile, startCpuProfile } from "./cpu-profile.mjs";
import { bundle, migrate, root } from "./support.mjs";

const { values: args } = parseArgs({
  options: {
    configs: { type: "string", default: "500/100@150,500/100@200,5000/100@500" },
    runs: { type: "string", default: "3" },
    // Samples the Worker's isolate during the first run's sale: prints its hottest functions and
    // saves bench/.tmp/flash.cpuprofile (open it in Chrome DevTools or speedscope).
    profile: { type: "boolean", default: false },
    // Which isolate --profile samples: the Worker (default), or e.g. "d1:db" for Miniflare's D1 executor.
    "profile-isolate": { type: "string", default: "core:user:flash" },
  },
});
const CONFIGS = args.configs.split(",").map((c) => {
  const [, buyers, units, concurrency] = /^(\d+)\/(\d+)@(\d+)$/.exec(c.trim()) ?? [];
  if (!buyers) throw new Error(`config "${c}" is not buyers/units@concurrency`);
  return { buyers: Number(buyers), units: Number(units), concurrency: Number(concurrency) };
});
const RUNS = Number(args.runs);

/** [vars] of wrangler.toml, so the Worker runs with the configuration it deploys with. */
async function wranglerVars() {
  const toml = await readFile(path.join(root, "wrangler.toml"), "utf8");
  const section = /\n\[vars\]\n([\s\S]*?)\n\[/.exec(toml)?.[1] ?? "";
  return Object.fromEntries(
    [...section.matchAll(/^(\w+) = "(.*)"$/gm)].map(([, k, v]) => [k, { type: "text", value: v.replace(/\\"/g, '"') }]),
  );
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** `count` requests (request(i) builds each) from `concurrency` clients, one in flight each. */
async function drive(count, concurrency, request) {
  let next = 0;
  const results = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const res = await request(i);
        const text = await res.text();
        results.push({ i, status: res.status, ms: performance.now() - t0, text, d1: Number(res.headers.get("X-Bench-D1") ?? NaN) });
      }
    }),
  );
  const ms = performance.now() - started;
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    results,
    per_second: Math.round((count / ms) * 1000),
    duration_ms: Math.round(ms),
    latency_ms: { p50: Math.round(percentile(latencies, 50)), p90: Math.round(percentile(latencies, 90)), p99: Math.round(percentile(latencies, 99)) },
  };
}

const summary = ({ results, ...rest }) => ({ requests: results.length, errors: results.filter((r) => r.status >= 500).length, ...rest });

async function seedVariant(db, id) {
  await db.batch([
    db.prepare("INSERT INTO stores (id, slug, name) VALUES ('flash-store', 'flash-store', 'Flash') ON CONFLICT DO NOTHING"),
    db.prepare("INSERT INTO categories (id, slug, name) VALUES ('flash-cat', 'flash-cat', 'Flash') ON CONFLICT DO NOTHING"),
    db.prepare(
      `INSERT INTO products (id, store_id, category_id, slug, name, base_price, currency)
       VALUES ('flash-product', 'flash-store', 'flash-cat', 'flash-product', 'Flash sneaker', 150000, 'IDR') ON CONFLICT DO NOTHING`,
    ),
    db.prepare("INSERT INTO product_variants (id, product_id, sku) VALUES (?, 'flash-product', ?)").bind(id, id.toUpperCase()),
  ]);
}

/** A distinct client network (IPv4) per buyer index. */
const buyerIp = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

const ADDRESS = { name: "Flash Buyer", phone: "+6281234567890", line1: "Jl. Merdeka 1", city: "Bandung", postal_code: "40111", country: "ID" };

const INSPECTOR_PORT = 9329;

async function oneRun(base, db, { buyers, units, concurrency }, tag, profile, profileIsolate) {
  const get = (p) => fetch(`${base}${p}`);
  const variant = `flash-${tag}`;
  await seedVariant(db, variant);
  await get(`/__bench/init?variant=${variant}&qty=${units}`).then((r) => r.arrayBuffer());
  // The read model (what carts check) follows the object in the background.
  for (let i = 0; i < 100; i++) {
    const row = await db.prepare("SELECT available FROM product_variants WHERE id = ?").bind(variant).first();
    if (row?.available === units) break;
    await new Promise((r) => setTimeout(r, 50));
  }

  // Untimed: one guest cart per buyer, one unit each. Each buyer comes from their own network, as in a real
  // sale: the per-client limits (guest carts, checkouts, unpaid orders; src/security, orders/hoarding.ts) are per network.
  const carts = await drive(buyers, Math.min(concurrency, 100), (i) =>
    fetch(`${base}/api/v1/cart/items`, { method: "POST", headers: { "Content-Type": "application/json", "CF-Connecting-IP": buyerIp(i) }, body: JSON.stringify({ variant_id: variant, quantity: 1 }) }),
  );
  const tokens = carts.results.sort((a, b) => a.i - b.i).map((r) => (r.status === 200 ? JSON.parse(r.text).cart_token : null));
  if (tokens.some((t) => !t)) throw new Error(`cart preparation failed: ${carts.results.filter((r) => r.status !== 200).length} carts`);
  const addD1 = carts.results.map((r) => r.d1);

  // Ceilings, same run, same concurrency.
  const CEILING = Math.min(3000, Math.max(1000, buyers));
  const noop = await drive(CEILING, concurrency, () => get("/__bench/noop"));
  await get(`/__bench/bare-fill?name=${tag}&n=${CEILING * 2}`).then((r) => r.arrayBuffer());
  const bare = await drive(CEILING, concurrency, () => get(`/__bench/bare?name=${tag}`));
  const d1 = await drive(CEILING, concurrency, () => get(`/__bench/d1-read?variant=${variant}`));

  // The sale.
  const profiler = profile ? await startCpuProfile(INSPECTOR_PORT, profileIsolate) : null;
  const sale = await drive(buyers, concurrency, (i) =>
    fetch(`${base}/api/v1/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": buyerIp(i), "X-Cart-Token": tokens[i], "Idempotency-Key": `flash-${tag}-${i}` },
      body: JSON.stringify({ shipping_address: ADDRESS, email: `buyer${i}@example.com` }),
    }),
  );
  if (profiler) {
    const cpu = await profiler.stop();
    await saveCpuProfile(path.join(root, "bench", ".tmp", "flash.cpuprofile"), cpu);
    const { samples, top } = hottest(cpu);
    console.log(`CPU profile of the sale (${samples} samples; bench/.tmp/flash.cpuprofile), self time:`);
    for (const row of top) console.log(`  ${String(row.share).padStart(5)} %  ${row.fn}`);
  }
  const byStatus = {};
  const byCode = {};
  const won = [];
  const d1Winner = [];
  const d1Loser = [];
  for (const r of sale.results) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const body = JSON.parse(r.text);
    if (r.status === 201) {
      won.push(body.id);
      d1Winner.push(r.d1);
    } else {
      byCode[body.error?.code ?? "none"] = (byCode[body.error?.code ?? "none"] ?? 0) + 1;
      if (r.status === 409) d1Loser.push(r.d1);
    }
  }

  // The naive read-then-write sale: same buyers, same concurrency, same units.
  await get(`/__bench/naive-setup?run=${tag}&units=${units}`).then((r) => r.arrayBuffer());
  const naive = await drive(buyers, concurrency, () => get(`/__bench/naive?run=${tag}`));
  const naiveResult = await get(`/__bench/naive-result?run=${tag}`).then((r) => r.json());

  // Every winner pays.
  const pay = await drive(won.length, 20, (i) => get(`/__bench/pay?order=${won[i]}`));
  const paidOutcomes = {};
  for (const r of pay.results) paidOutcomes[JSON.parse(r.text).outcome] = (paidOutcomes[JSON.parse(r.text).outcome] ?? 0) + 1;
  const after = await get(`/__bench/result?variant=${variant}`).then((r) => r.json());
  const wonSet = new Set(won);
  const phantom = after.orders.filter((o) => !wonSet.has(o.id)).length;
  const paid = after.orders.filter((o) => o.status === "paid").length;

  const saleSummary = summary(sale);
  const latencyOf = (status) => {
    const ms = sale.results.filter((r) => r.status === status).map((r) => r.ms).sort((a, b) => a - b);
    return { p50: Math.round(percentile(ms, 50)), p99: Math.round(percentile(ms, 99)) };
  };
  saleSummary.latency_by_status_ms = { 201: latencyOf(201), 409: latencyOf(409) };
  const checks = {
    orders_equal_units: after.orders.length === units && won.length === units,
    no_5xx: saleSummary.errors === 0,
    no_phantom: phantom === 0,
    paid_equal_units: paid === units,
    on_hand_zero: after.stock.on_hand === 0 && after.stock.held === 0,
  };
  const mean = (xs) => (xs.length ? +(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2) : null);
  return {
    buyers,
    units,
    concurrency,
    sale: { ...saleSummary, by_status: byStatus, by_error_code: byCode },
    checkouts_per_second: sale.per_second,
    ratio_to_bare_object: +(sale.per_second / bare.per_second).toFixed(2),
    ceilings: { noop_route: summary(noop), bare_object: summary(bare), d1_point_read: summary(d1) },
    d1_round_trips: {
      winner_mean: mean(d1Winner),
      winner_max: d1Winner.length ? Math.max(...d1Winner) : null,
      loser_mean: mean(d1Loser),
      loser_max: d1Loser.length ? Math.max(...d1Loser) : null,
      add_to_cart_max: Math.max(...addD1),
    },
    orders_in_d1: after.orders.length,
    phantom_orders: phantom,
    stock_after_payment: after.stock,
    paid,
    payment_outcomes: paidOutcomes,
    naive_d1: { sold: naiveResult.sold, units, oversold: naiveResult.sold - units, ...summary(naive) },
    exact: Object.values(checks).every(Boolean),
    checks,
  };
}

const workerPath = await bundle("flash-worker");
const mf = new Miniflare({
  logRequests: false,
  ...(args.profile ? { inspectorPort: INSPECTOR_PORT } : {}),
  // The Worker still writes its JSON log lines (that work is part of each request); they are not printed here.
  handleStructuredLogs: () => {},
  workers: [
    {
      config: {
        name: "flash",
        compatibilityDate: "2026-11-01",
        compatibilityFlags: ["nodejs_compat"],
        manifest: {
          mainModule: "worker.js",
          modules: { "worker.js": { type: "esm", contents: await readFile(workerPath, "utf8") } },
        },
        env: {
          ...(await wranglerVars()),
          JWT_SECRET: { type: "text", value: "bench-secret-that-is-at-least-32-characters" },
          DB: { type: "d1", id: "flash-db" },
          CART_CACHE: { type: "kv", id: "flash-cart-cache" },
          MEDIA: { type: "r2", name: "flash-media" },
          EXPORTS: { type: "r2", name: "flash-exports" },
          STOCK: { type: "durable-object", worker: "flash", exportName: "StockObject" },
          ORDERS: { type: "durable-object", worker: "flash", exportName: "OrderObject" },
          BARE: { type: "durable-object", worker: "flash", exportName: "BareCounter" },
          EMAIL_QUEUE: { type: "queue", name: "flash-email" },
          EXPORT_QUEUE: { type: "queue", name: "flash-exports" },
        },
        exports: {
          StockObject: { type: "durable-object", storage: "sqlite" },
          OrderObject: { type: "durable-object", storage: "sqlite" },
          BareCounter: { type: "durable-object", storage: "sqlite" },
        },
        triggers: [{ type: "queue", name: "flash-email", maxBatchSize: 10, maxBatchTimeout: 1 }],
      },
    },
  ],
});

const loadavg = () => os.loadavg().map((l) => +l.toFixed(2));
try {
  const base = (await mf.ready).toString().replace(/\/$/, "");
  const db = await mf.getD1Database("DB");
  await migrate(db);
  const runs = [];
  for (const [ci, config] of CONFIGS.entries()) {
    for (let r = 1; r <= RUNS; r++) {
      const load_before = loadavg();
      const run = await oneRun(base, db, config, `c${ci}r${r}-${Date.now().toString(36)}`, args.profile && runs.length === 0, args["profile-isolate"]);
      runs.push({ ...run, run: r, load_before, load_after: loadavg() });
      const c = run.ceilings;
      console.log(
        `${config.buyers}/${config.units} c${config.concurrency} run ${r}: ${run.checkouts_per_second} checkouts/s ` +
          `(bare object ${c.bare_object.per_second}/s -> ratio ${run.ratio_to_bare_object}; no-op ${c.noop_route.per_second}/s, D1 read ${c.d1_point_read.per_second}/s), ` +
          `p50/p90/p99 ${run.sale.latency_ms.p50}/${run.sale.latency_ms.p90}/${run.sale.latency_ms.p99} ms ` +
          `(winners p50/p99 ${run.sale.latency_by_status_ms[201].p50}/${run.sale.latency_by_status_ms[201].p99}, losers ${run.sale.latency_by_status_ms[409].p50}/${run.sale.latency_by_status_ms[409].p99}), ` +
          `statuses ${JSON.stringify(run.sale.by_status)} codes ${JSON.stringify(run.sale.by_error_code)}, 5xx ${run.sale.errors}, ` +
          `orders ${run.orders_in_d1}, phantom ${run.phantom_orders}, paid ${run.paid}/${config.units}, on_hand ${run.stock_after_payment.on_hand} held ${run.stock_after_payment.held}, ` +
          `D1 trips winner ${run.d1_round_trips.winner_max} loser ${run.d1_round_trips.loser_max} (mean ${run.d1_round_trips.loser_mean}) add ${run.d1_round_trips.add_to_cart_max}, ` +
          `naive D1 sold ${run.naive_d1.sold}/${config.units}: ${run.exact ? "exact" : "WRONG"} (load ${load_before.join(" ")})`,
      );
    }
  }
  const medians = CONFIGS.map((config) => {
    const mine = runs.filter((r) => r.buyers === config.buyers && r.units === config.units && r.concurrency === config.concurrency);
    return {
      ...config,
      runs: mine.length,
      checkouts_per_second: median(mine.map((r) => r.checkouts_per_second)),
      bare_object_per_second: median(mine.map((r) => r.ceilings.bare_object.per_second)),
      ratio_to_bare_object: median(mine.map((r) => r.ratio_to_bare_object)),
      p99_ms: median(mine.map((r) => r.sale.latency_ms.p99)),
      naive_sold: median(mine.map((r) => r.naive_d1.sold)),
      all_exact: mine.every((r) => r.exact),
    };
  });
  for (const m of medians) {
    console.log(
      `median of ${m.runs}: ${m.buyers}/${m.units} c${m.concurrency}: ${m.checkouts_per_second} checkouts/s, ratio ${m.ratio_to_bare_object} ` +
        `(bare ${m.bare_object_per_second}/s), p99 ${m.p99_ms} ms, naive sold ${m.naive_sold}, ${m.all_exact ? "exact every run" : "NOT EXACT"}`,
    );
  }
  const cpus = os.cpus();
  const result = {
    date: new Date().toISOString(),
    command: `npm run bench:flash -- --configs ${args.configs} --runs ${RUNS}`,
    machine: { cpus: cpus.length, cpu_model: cpus[0]?.model ?? "unknown", memory_gib: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    medians,
    runs,
  };
  await mkdir(path.join(root, "bench", "results"), { recursive: true });
  await writeFile(path.join(root, "bench", "results", "flash.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log("Wrote bench/results/flash.json");
  if (!runs.every((r) => r.exact)) process.exitCode = 1;
} finally {
  await mf.dispose();
}
