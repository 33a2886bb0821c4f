#!/usr/bin/env node
// Reservations per second against ONE variant's StockObject, end to end over loopback HTTP:
// N concurrent clients -> workerd (Miniflare) -> bench Worker -> StockObject RPC (SQLite-backed, with
// the D1 read-model refresh running as in production). Then a flash-sale check: 20x more buyers than units.
//
//   npm run bench:stock -- [--clients 50] [--requests 20000] [--seconds 20]
import os from "node:os";
import { parseArgs } from "node:util";
import { Miniflare } from "miniflare";
import { bundledWorker } from "../scripts/worker-bundle.mjs";
import { bundle, migrate, percentile, seedVariant, writeResult } from "./support.mjs";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "50" },
    requests: { type: "string", default: "20000" },
    seconds: { type: "string", default: "20" },
  },
});
const CLIENTS = Number(args.clients);
const REQUESTS = Number(args.requests);
const MAX_MS = Number(args.seconds) * 1000;

/** N clients, each sending one reserve at a time, until the request budget or the time budget runs out. */
async function load(base, variant, { clients, requests, maxMs, orderPrefix, route = "reserve" }) {
  let issued = 0;
  let ok = 0;
  let refused = 0;
  let errors = 0;
  const latencies = [];
  const started = performance.now();
  const client = async () => {
    while (issued < requests && performance.now() - started < maxMs) {
      const order = `${orderPrefix}-${issued++}`;
      const t0 = performance.now();
      const res = await fetch(`${base}/${route}?variant=${variant}&order=${order}`);
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status === 200) ok++;
      else if (res.status === 409) refused++;
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const ms = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    requests: ok + refused + errors,
    ok,
    refused,
    errors,
    duration_ms: Math.round(ms),
    per_second: Math.round(((ok + refused + errors) / ms) * 1000),
    latency_ms: {
      p50: +percentile(latencies, 50).toFixed(2),
      p99: +percentile(latencies, 99).toFixed(2),
      max: +(latencies.at(-1) ?? 0).toFixed(2),
    },
  };
}

// Bindings as wrangler.toml declares them (STOCK, a SQLite-backed class, and DB), limited to what the bench Worker uses.
const workerSource = await bundle("worker");
const mf = new Miniflare({
  logRequests: false,
  workers: [
    {
      config: {
        ...bundledWorker("bench", workerSource),
        env: {
          DB: { type: "d1", id: "bench-db" },
          STOCK: { type: "durable-object", worker: "bench", exportName: "StockObject" },
          RESERVATION_TTL_SECONDS: { type: "text", value: "900" },
        },
        exports: { StockObject: { type: "durable-object", storage: "sqlite" } },
      },
    },
  ],
});

try {
  const base = (await mf.ready).toString().replace(/\/$/, "");
  const db = await mf.getD1Database("DB");
  await migrate(db);

  // 1. Throughput: ample stock, so every reserve does the full check-and-write.
  await seedVariant(db, "bench-throughput");
  await fetch(`${base}/init?variant=bench-throughput&qty=${REQUESTS}`).then((r) => r.arrayBuffer());
  await load(base, "bench-throughput", { clients: CLIENTS, requests: 200, maxMs: MAX_MS, orderPrefix: "warmup" });
  const throughput = await load(base, "bench-throughput", {
    clients: CLIENTS,
    requests: REQUESTS - 200,
    maxMs: MAX_MS,
    orderPrefix: "order",
  });

  // 2. Where the time goes, on the same harness: a route that does nothing, and a read-only RPC to the object.
  const BASELINE = Math.min(REQUESTS, 5000);
  const noop = await load(base, "bench-throughput", { clients: CLIENTS, requests: BASELINE, maxMs: MAX_MS, orderPrefix: "n", route: "noop" });
  const read = await load(base, "bench-throughput", { clients: CLIENTS, requests: BASELINE, maxMs: MAX_MS, orderPrefix: "r", route: "state" });

  // 3. The object without the HTTP harness: the same reserves fanned out from inside one Worker.
  const BURST = 5000;
  await seedVariant(db, "bench-burst");
  await fetch(`${base}/init?variant=bench-burst&qty=${BURST}`).then((r) => r.arrayBuffer());
  const burst = await fetch(`${base}/burst?variant=bench-burst&n=${BURST}&concurrency=${CLIENTS}`).then((r) => r.json());
  burst.per_second = Math.round((burst.requests / Math.max(1, burst.duration_ms)) * 1000);

  // 4. Flash sale: 2,000 buyers race for 100 units; exactly 100 may win.
  const UNITS = 100;
  await seedVariant(db, "bench-flash");
  await fetch(`${base}/init?variant=bench-flash&qty=${UNITS}`).then((r) => r.arrayBuffer());
  const flash = await load(base, "bench-flash", { clients: CLIENTS, requests: UNITS * 20, maxMs: MAX_MS, orderPrefix: "buyer" });
  const snapshot = await fetch(`${base}/snapshot?variant=bench-flash`).then((r) => r.json());
  const oversold = flash.ok !== UNITS || snapshot.available !== 0 || snapshot.held !== UNITS;

  const cpus = os.cpus();
  const result = {
    date: new Date().toISOString(),
    command: `npm run bench:stock -- --clients ${CLIENTS} --requests ${REQUESTS} --seconds ${MAX_MS / 1000}`,
    machine: { cpus: cpus.length, cpu_model: cpus[0]?.model ?? "unknown", memory_gib: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    clients: CLIENTS,
    reserves_per_second: throughput.per_second,
    throughput,
    baselines: { noop_route: noop, read_rpc: read },
    in_worker_rpc: burst,
    flash_sale: { units: UNITS, ...flash, snapshot, correct: !oversold },
  };
  await writeResult("stock-object", result);

  console.log(
    `StockObject reserve: ${throughput.per_second} reservations/s over loopback HTTP ` +
      `(${CLIENTS} clients, ${throughput.requests} requests in ${throughput.duration_ms} ms, ` +
      `p50 ${throughput.latency_ms.p50} ms, p99 ${throughput.latency_ms.p99} ms, ${throughput.errors} errors)`,
  );
  console.log(`Without HTTP (RPC fan-out inside one Worker): ${burst.per_second} reservations/s (${burst.requests} in ${burst.duration_ms} ms)`);
  console.log(
    `Same harness: no-op route ${noop.per_second}/s, read-only RPC to the object ${read.per_second}/s`,
  );
  console.log(
    `Flash sale: ${flash.requests} buyers for ${UNITS} units -> ${flash.ok} won, ${flash.refused} refused, ` +
      `available ${snapshot.available}: ${oversold ? "WRONG" : "exact"}`,
  );
  console.log("Wrote bench/results/stock-object.json");
  if (oversold || burst.ok !== burst.requests || throughput.errors + noop.errors + read.errors > 0) process.exitCode = 1;
} finally {
  await mf.dispose();
}
