#!/usr/bin/env node
// Report exports at scale: seeds N orders (default 50,000, two lines each) in a Miniflare D1, then builds
// each export through the same code the EXPORT_QUEUE consumer runs (bench/export-worker.ts), timing each
// build from Node and sampling workerd's resident memory while it runs.
//
//   npm run bench:export -- [--orders 50000]
import { execFileSync } from "node:child_process";
import os from "node:os";
import { parseArgs } from "node:util";
import { Miniflare } from "miniflare";
import { bundledWorker } from "../scripts/worker-bundle.mjs";
import { bundle, migrate, writeResult } from "./support.mjs";

const { values: args } = parseArgs({ options: { orders: { type: "string", default: "50000" } } });
const ORDERS = Number(args.orders);

/** Resident memory (MiB) of the workerd processes under this Node process, summed. */
function workerdRssMiB() {
  try {
    const out = execFileSync("ps", ["-eo", "ppid=,rss=,comm="], { encoding: "utf8" });
    let kb = 0;
    for (const line of out.trim().split("\n")) {
      const [ppid, rss, comm] = line.trim().split(/\s+/);
      if (Number(ppid) === process.pid && comm?.includes("workerd")) kb += Number(rss);
    }
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

async function timed(base, route) {
  let peak = workerdRssMiB() ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, workerdRssMiB() ?? 0)), 100);
  const started = performance.now();
  const res = await fetch(`${base}${route}`);
  const ms = Math.round(performance.now() - started);
  clearInterval(sampler);
  const body = await res.json();
  if (!res.ok) throw new Error(`${route}: ${res.status} ${JSON.stringify(body)}`);
  return { route, ms, peak_rss_mib: peak, ...body };
}

const workerSource = await bundle("export-worker");
const mf = new Miniflare({
  logRequests: false,
  workers: [
    {
      config: {
        ...bundledWorker("bench-export", workerSource),
        env: { DB: { type: "d1", id: "bench-export-db" } },
      },
    },
  ],
});

try {
  const base = (await mf.ready).toString().replace(/\/$/, "");
  await migrate(await mf.getD1Database("DB"));
  const seeded = await timed(base, `/seed?n=${ORDERS}`);
  console.log(`seeded ${ORDERS} orders in ${seeded.ms} ms`);
  const runs = [await timed(base, "/sales")];
  // The whole year of orders, then Jan–mid October (just under xlsx's 40,000-row limit when seeded with 50,000).
  const builds = ["orders&format=csv", "orders&format=xlsx", "orders&format=xlsx&to=2030-10-15", "orders&format=pdf&to=2030-01-31"];
  for (const q of [...builds, "sales&format=xlsx", "sales&format=pdf", "sales&format=csv", "products&format=pdf"]) {
    runs.push(await timed(base, `/export?report=${q}`));
  }
  for (const r of runs) console.log(JSON.stringify(r));
  const result = {
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg().map((l) => l.toFixed(2)) },
    orders: ORDERS,
    seed_ms: seeded.ms,
    runs,
  };
  await writeResult("export", result);
  console.log("Wrote bench/results/export.json");
} finally {
  await mf.dispose();
}
