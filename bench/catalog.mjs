#!/usr/bin/env node
// Catalog reads at 1,000 and 100,000 products (seeded by SQL), through the real app in Miniflare:
// list, search and filtered list at N connections, cache hit and cache miss, before and during a burst of
// stock changes; every figure next to ceilings measured in the same run (no-op routes, a D1 point read).
//
//   npm run bench:catalog -- [--clients 50] [--seconds 10] [--sizes 1000,100000]
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Miniflare } from "miniflare";
import { hottest, saveCpuProfile, startCpuProfile } from "./cpu-profile.mjs";
import { bundledWorker, wranglerVars } from "../scripts/worker-bundle.mjs";
import { bundle, migrate, percentile, root, writeResult } from "./support.mjs";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "50" },
    seconds: { type: "string", default: "10" },
    sizes: { type: "string", default: "1000,100000" },
    // Instead of the figures: a CPU profile of the Worker while one figure runs (e.g. --profile miss_list) at
    // the first size; prints its hottest functions and saves bench/.tmp/catalog.cpuprofile.
    profile: { type: "string" },
    // Which workerd isolate to sample: the app's, or e.g. "d1:db" (Miniflare's D1 executor).
    "profile-isolate": { type: "string", default: "core:user:catalog-bench" },
  },
});
const CLIENTS = Number(args.clients);
const MS = Number(args.seconds) * 1000;
const SIZES = args.sizes.split(",").map(Number);
const BURST = 1000;
const API = "/api/v1";

// ---------- seeding, all in SQL ----------
const NOUNS = ["kopi", "kaos", "kemeja", "sepatu", "tas", "celana", "jaket", "topi", "sandal", "batik", "teh", "gelas", "panci", "piring", "sendok", "lampu", "meja", "kursi", "buku", "pena"];
const ADJECTIVES = ["merah", "biru", "hitam", "putih", "hijau", "klasik", "modern", "premium", "murah", "besar", "kecil", "halus", "kuat", "ringan", "antik", "lokal", "organik", "cepat", "lembut", "cerah", "gelap", "baru", "lama"];
const STORES = 10;
const ROOTS = 10;
const CHILDREN = 5; // per root: 50 leaf categories, products hang on leaves
const CHUNK = 5000;

async function seed(db, products) {
  const stmts = [];
  for (let s = 0; s < STORES; s++) stmts.push(db.prepare("INSERT INTO stores (id, slug, name) VALUES (?, ?, ?)").bind(`s${s}`, `toko-${s}`, `Toko ${s}`));
  for (let r = 0; r < ROOTS; r++) stmts.push(db.prepare("INSERT INTO categories (id, slug, name) VALUES (?, ?, ?)").bind(`r${r}`, `root-${r}`, `Root ${r}`));
  for (let r = 0; r < ROOTS; r++) {
    for (let c = 0; c < CHILDREN; c++) {
      const n = r * CHILDREN + c;
      stmts.push(db.prepare("INSERT INTO categories (id, slug, parent_id, name) VALUES (?, ?, ?, ?)").bind(`c${n}`, `cat-${n}`, `r${r}`, `Cat ${n}`));
    }
  }
  await db.batch(stmts);
  const nouns = JSON.stringify(NOUNS);
  const adjectives = JSON.stringify(ADJECTIVES);
  const start = Date.now() - products * 1000;
  for (let from = 1; from <= products; from += CHUNK) {
    const to = Math.min(products, from + CHUNK - 1);
    await db
      .prepare(
        `INSERT INTO products (id, store_id, category_id, slug, name, description, base_price, currency, created_at, updated_at)
         WITH RECURSIVE seq(n) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT n + 1 FROM seq WHERE n < ?2)
         SELECT printf('p%07d', n), 's' || (n % ${STORES}), 'c' || (n % ${ROOTS * CHILDREN}), printf('produk-%07d', n),
           json_extract(?3, '$[' || (n % ${NOUNS.length}) || ']') || ' ' || json_extract(?4, '$[' || (n % ${ADJECTIVES.length}) || ']') || ' ' || n,
           'Produk ' || json_extract(?4, '$[' || ((n / 7) % ${ADJECTIVES.length}) || ']') || ' untuk ' || json_extract(?3, '$[' || ((n / 3) % ${NOUNS.length}) || ']'),
           10000 + (n * 7919) % 990000, 'IDR', ?5 + n * 1000, ?5 + n * 1000
         FROM seq`,
      )
      .bind(from, to, nouns, adjectives, start)
      .run();
    await db
      .prepare(
        `INSERT INTO product_variants (id, product_id, sku, size, color, on_hand, available)
         WITH RECURSIVE seq(n) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT n + 1 FROM seq WHERE n < ?2)
         SELECT printf('v%07d', n), printf('p%07d', n), printf('SKU-%07d', n), json_extract('["S","M","L","XL"]', '$[' || (n % 4) || ']'),
           json_extract(?3, '$[' || (n % 5) || ']'), 5000, CASE WHEN n % 10 = 0 THEN 0 ELSE 5000 END
         FROM seq`,
      )
      .bind(from, to, adjectives)
      .run();
  }
}

// ---------- load ----------
/** `clients` loops, one request in flight each, for `ms`; `next(i)` gives each request's path. */
async function load(base, next, { clients = CLIENTS, ms = MS, stop = () => false } = {}) {
  let issued = 0;
  let errors = 0;
  let hits = 0;
  const statuses = {};
  const latencies = [];
  const started = performance.now();
  const client = async () => {
    while (performance.now() - started < ms && !stop()) {
      const t0 = performance.now();
      const res = await fetch(`${base}${next(issued++)}`);
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) {
        errors++;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
      if (res.headers.get("x-cache") === "HIT") hits++;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return summarize([{ latencies, errors, statuses, hits, elapsed: performance.now() - started }]);
}

function summarize(parts) {
  const latencies = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const elapsed = parts.reduce((sum, p) => sum + p.elapsed, 0);
  return {
    requests: latencies.length,
    errors: parts.reduce((sum, p) => sum + p.errors, 0),
    // Non-200 answers by status.
    error_statuses: parts.reduce((all, p) => {
      for (const [status, n] of Object.entries(p.statuses)) all[status] = (all[status] ?? 0) + n;
      return all;
    }, {}),
    cache_hits: parts.reduce((sum, p) => sum + p.hits, 0),
    per_second: Math.round((latencies.length / elapsed) * 1000),
    latency_ms: { p50: +percentile(latencies, 50).toFixed(1), p99: +percentile(latencies, 99).toFixed(1) },
    raw: parts,
  };
}

const ROUNDS = 5;
/**
 * The machine is shared, so load drifts: every figure that is compared with another is measured in short
 * rounds taken in turn (A, B, C, A, B, C, …), each figure the sum of its rounds.
 */
async function interleaved(specs) {
  const parts = new Map(specs.map((s) => [s.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const spec of specs) parts.get(spec.name).push(...(await load(spec.base, spec.next, { ms: MS / ROUNDS })).raw);
  }
  return Object.fromEntries(specs.map((s) => [s.name, strip(summarize(parts.get(s.name)))]));
}

const strip = ({ raw, ...figures }) => figures;

const cursor = (ordering, key) => Buffer.from(JSON.stringify([ordering, ...key])).toString("base64url");
const randomInt = (n) => Math.floor(Math.random() * n);

const INSPECTOR_PORT = 9330;

async function start(workerSource, vars, products, inspect = false) {
  const mf = new Miniflare({
    logRequests: false,
    ...(inspect ? { inspectorPort: INSPECTOR_PORT } : {}),
    // The Worker still writes its JSON log lines (that work is part of each request); they are not printed here.
    handleStructuredLogs: () => {},
    workers: [
      {
        config: {
          ...bundledWorker("catalog-bench", workerSource),
          env: {
            ...vars,
            DB: { type: "d1", id: `bench-catalog-${products}` },
            CART_CACHE: { type: "kv", id: "bench-cart-cache" },
            MEDIA: { type: "r2", name: "bench-media" },
            STOCK: { type: "durable-object", worker: "catalog-bench", exportName: "StockObject" },
            JWT_SECRET: { type: "text", value: "bench-secret-that-is-at-least-32-characters" },
          },
          exports: { StockObject: { type: "durable-object", storage: "sqlite" } },
        },
      },
    ],
  });
  const base = (await mf.ready).toString().replace(/\/$/, "");
  const db = await mf.getD1Database("DB");
  await migrate(db);
  const seedStarted = performance.now();
  await seed(db, products);
  const seedMs = Math.round(performance.now() - seedStarted);
  const hot = [`${API}/products?limit=20`, `${API}/products?search=kopi`, `${API}/products?category=root-3&ordering=price&limit=20`];
  for (const p of hot) await fetch(`${base}${p}`).then((r) => r.arrayBuffer());
  await load(base, (i) => hot[i % hot.length], { ms: 1000 });
  return { mf, base, products, seedMs, hot, first: Date.now() - products * 1000 };
}

const getJson = (base, p) =>
  fetch(`${base}${p}`).then(async (r) => {
    const text = await r.text();
    if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${text.slice(0, 300)}`);
    return { status: r.status, cache: r.headers.get("x-cache"), body: JSON.parse(text) };
  });

/** Ceilings and cache hits, both sizes in turn. */
function hitSpecs(w) {
  const id = () => `p${String(1 + randomInt(w.products)).padStart(7, "0")}`;
  return [
    { name: `${w.products}:noop_bare`, base: w.base, next: () => "/noop" },
    { name: `${w.products}:noop_app`, base: w.base, next: () => `${API}/bench/noop` },
    { name: `${w.products}:d1_point_read`, base: w.base, next: () => `/d1?id=${id()}` },
    { name: `${w.products}:cache_api_lookup`, base: w.base, next: () => `/cache-lookup?key=${randomInt(1e9)}` },
    { name: `${w.products}:cache_api_store`, base: w.base, next: () => `/cache-store?key=${randomInt(1e9)}` },
    { name: `${w.products}:hit_list`, base: w.base, next: () => w.hot[0] },
    { name: `${w.products}:hit_search`, base: w.base, next: () => w.hot[1] },
    { name: `${w.products}:hit_filtered`, base: w.base, next: () => w.hot[2] },
  ];
}

/**
 * Misses: pages the cache never saw. The list: random depths through the whole catalog (a keyset cursor at a
 * random product); search and filtered list: their queries with a nonce the cache key includes.
 */
let nonce = 0;
function missSpecs(w) {
  return [
    { name: `${w.products}:miss_list`, base: w.base, next: () => `${API}/products?limit=20&cursor=${cursor("-created_at", [w.first + (1 + randomInt(w.products)) * 1000, "p"])}` },
    { name: `${w.products}:miss_search`, base: w.base, next: () => `${API}/products?search=${NOUNS[randomInt(NOUNS.length)]}&nonce=${++nonce}` },
    {
      name: `${w.products}:miss_filtered`,
      base: w.base,
      next: () => `${API}/products?category=root-${randomInt(ROOTS)}&ordering=price&min_price=${randomInt(500) * 1000}&nonce=${++nonce}`,
    },
    { name: `${w.products}:miss_list_with_total`, base: w.base, next: () => `${API}/products?limit=20&include=total&nonce=${++nonce}` },
  ];
}

/** A burst of stock changes on the products of the hot list page while the same pages are read over and over. */
async function burst(w) {
  const { base, hot } = w;
  const page = (await getJson(base, hot[0])).body.data.map((p) => p.id);
  const variants = page.map((id) => `v${id.slice(1)}`);
  let changes = 0;
  let lastChangeAt = 0;
  let over = false;
  const started = performance.now();
  const changing = Promise.all(
    Array.from({ length: 10 }, async () => {
      while (changes < BURST) {
        changes++;
        const res = await fetch(`${base}/stock?variant=${variants[randomInt(variants.length)]}&delta=-1`);
        await res.arrayBuffer();
        lastChangeAt = performance.now();
      }
    }),
  ).then(() => (over = true));
  const paths = [...hot, ...page.slice(0, 5).map((id) => `${API}/products/produk-${id.slice(1)}`)];
  const reads = load(base, (i) => paths[i % paths.length], { ms: 300_000, stop: () => over });
  await changing;
  const durationMs = Math.round(performance.now() - started);
  // Availability lag: from the last stock change until every burst variant shows the object's figure.
  const finalStates = await Promise.all(variants.map((v) => getJson(base, `/stock-state?variant=${v}`).then((r) => r.body)));
  let lagMs = null;
  let behind = variants.length;
  // A failed read is counted and reported (and the page counts as behind), so one fault does not lose the run.
  const lagErrors = [];
  while (performance.now() - lastChangeAt < 15_000) {
    const details = await Promise.all(
      page.map((id) =>
        getJson(base, `${API}/products/produk-${id.slice(1)}`).catch((err) => {
          lagErrors.push(String(err.message).slice(0, 200));
          return null;
        }),
      ),
    );
    behind = details.filter((d, i) => d === null || d.body.variants[0].available !== finalStates[i].available).length;
    if (behind === 0) {
      lagMs = Math.round(performance.now() - lastChangeAt);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const during = strip(await reads);
  return {
    changes: BURST,
    duration_ms: durationMs,
    reads: during,
    hit_ratio: +(during.cache_hits / Math.max(1, during.requests)).toFixed(4),
    availability_lag_ms: lagMs,
    lag_read_errors: lagErrors,
    variants_still_behind: behind,
  };
}

const workerSource = await bundle("catalog-worker");
const vars = wranglerVars();
const worlds = [];
const runs = [];
try {
  for (const size of SIZES) {
    console.log(`seeding ${size.toLocaleString("en")} products…`);
    worlds.push(await start(workerSource, vars, size, args.profile !== undefined && worlds.length === 0));
  }
  if (args.profile) {
    const w = worlds[0];
    const spec = [...hitSpecs(w), ...missSpecs(w)].find((s) => s.name === `${w.products}:${args.profile}`);
    if (!spec) throw new Error(`no figure named ${args.profile}`);
    const profiler = await startCpuProfile(INSPECTOR_PORT, args["profile-isolate"]);
    const figure = strip(await load(spec.base, spec.next));
    const cpu = await profiler.stop();
    await saveCpuProfile(path.join(root, "bench", ".tmp", "catalog.cpuprofile"), cpu);
    const { samples, top } = hottest(cpu);
    console.log(`${spec.name}: ${figure.per_second} rps, p99 ${figure.latency_ms.p99} ms; CPU profile (${samples} samples), self time:`);
    for (const row of top) console.log(`  ${String(row.share).padStart(5)} %  ${row.fn}`);
    process.exit(0);
  }
  console.log(`measuring (${CLIENTS} connections, ${MS / 1000} s per figure in ${ROUNDS} interleaved rounds)…`);
  const hitFigures = await interleaved(worlds.flatMap(hitSpecs));
  const missFigures = await interleaved(worlds.flatMap(missSpecs));
  for (const w of worlds) {
    const f = (name) => hitFigures[`${w.products}:${name}`] ?? missFigures[`${w.products}:${name}`];
    runs.push({
      products: w.products,
      seed_ms: w.seedMs,
      ceilings: { noop_bare: f("noop_bare"), noop_app: f("noop_app"), d1_point_read: f("d1_point_read"), cache_api_lookup: f("cache_api_lookup"), cache_api_store: f("cache_api_store") },
      cache_hit: { list: f("hit_list"), search: f("hit_search"), filtered: f("hit_filtered") },
      cache_miss: { list: f("miss_list"), search: f("miss_search"), filtered: f("miss_filtered"), list_with_total: f("miss_list_with_total") },
      stock_burst: await burst(w),
    });
  }
} finally {
  await Promise.all(worlds.map((w) => w.mf.dispose()));
}

// ---------- the issue's targets, as ratios inside this run ----------
const [small, large] = [runs[0], runs.at(-1)];
const ratio = (a, b) => +(a / Math.max(1, b)).toFixed(2);
const checks = {
  miss_list_100k_over_1k: { value: ratio(large.cache_miss.list.per_second, small.cache_miss.list.per_second), target: ">= 0.67" },
  miss_search_100k_over_1k: { value: ratio(large.cache_miss.search.per_second, small.cache_miss.search.per_second), target: ">= 0.5" },
  miss_list_p99_ms_100k: { value: large.cache_miss.list.latency_ms.p99, target: "<= 500", d1_point_read_p99_same_run: large.ceilings.d1_point_read.latency_ms.p99 },
  hit_list_over_noop_app: runs.map((r) => ({ products: r.products, value: ratio(r.cache_hit.list.per_second, r.ceilings.noop_app.per_second) })),
  burst_hit_ratio: runs.map((r) => ({ products: r.products, value: r.stock_burst.hit_ratio })),
  burst_availability_lag_ms: runs.map((r) => ({ products: r.products, value: r.stock_burst.availability_lag_ms })),
};
const cpus = os.cpus();
const result = {
  date: new Date().toISOString(),
  command: `npm run bench:catalog -- --clients ${CLIENTS} --seconds ${MS / 1000} --sizes ${SIZES.join(",")}`,
  machine: {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? "unknown",
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    load_average: os.loadavg().map((n) => +n.toFixed(1)),
  },
  clients: CLIENTS,
  checks,
  runs,
};
await writeResult("catalog", result);

const row = (label, pick) => `| ${label} | ${runs.map((r) => pick(r)).join(" | ")} |`;
const fig = (m) => `${m.per_second} rps, p99 ${m.latency_ms.p99} ms`;
console.log(
  [
    `| GET ${API}/products | ${runs.map((r) => `${r.products.toLocaleString("en")} products`).join(" | ")} |`,
    `|---|${runs.map(() => "---").join("|")}|`,
    row("ceiling: no-op route, bare Worker", (r) => fig(r.ceilings.noop_bare)),
    row("ceiling: no-op route behind the app's middleware", (r) => fig(r.ceilings.noop_app)),
    row("ceiling: D1 point read", (r) => fig(r.ceilings.d1_point_read)),
    row("ceiling: Cache API lookup (a miss)", (r) => fig(r.ceilings.cache_api_lookup)),
    row("ceiling: Cache API store (9 KB)", (r) => fig(r.ceilings.cache_api_store)),
    row("list, cache hit", (r) => fig(r.cache_hit.list)),
    row("search `kopi`, cache hit", (r) => fig(r.cache_hit.search)),
    row("filtered list, cache hit", (r) => fig(r.cache_hit.filtered)),
    row("list, cache miss (random depth)", (r) => fig(r.cache_miss.list)),
    row("search, cache miss", (r) => fig(r.cache_miss.search)),
    row("filtered list, cache miss", (r) => fig(r.cache_miss.filtered)),
    row("list + include=total, cache miss", (r) => fig(r.cache_miss.list_with_total)),
    row(`reads during ${BURST} stock changes`, (r) => `${fig(r.stock_burst.reads)}, ${(r.stock_burst.hit_ratio * 100).toFixed(1)} % hits`),
    row("availability lag after the last change", (r) => `${r.stock_burst.availability_lag_ms} ms`),
  ].join("\n"),
);
console.log(JSON.stringify(checks, null, 1));
console.log("Wrote bench/results/catalog.json");
