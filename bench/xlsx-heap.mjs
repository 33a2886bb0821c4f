#!/usr/bin/env node
// The xlsx row limit: renders N synthetic order rows (the orders report's 10 columns) with the real
// renderer (src/reports/render-xlsx.ts) in a child Node under a 128 MB V8 heap — a Worker isolate's
// memory — and reports heap after, time, file size, or that it ran out of memory.
//
//   npm run bench:xlsx -- [--rows 20000,50000,100000]
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { root, writeResult } from "./support.mjs";

const { values: args } = parseArgs({ options: { rows: { type: "string", default: "20000,50000,75000,100000" }, child: { type: "string" } } });

if (args.child) {
  const { renderXlsx, orderTable } = await import(path.join(root, "bench", ".tmp", "xlsx-heap.js"));
  const table = orderTable(Number(args.child));
  const started = performance.now();
  const bytes = await renderXlsx(table);
  const ms = Math.round(performance.now() - started);
  const heap = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  process.stdout.write(JSON.stringify({ rows: Number(args.child), ms, bytes: bytes.byteLength, heap_after_mib: heap }));
  process.exit(0);
}

await build({
  stdin: {
    contents: `export { renderXlsx } from "./src/reports/render-xlsx";
      const COLUMNS = [
        { header: "Number", type: "text", width: 20 }, { header: "Created", type: "date", width: 18 },
        { header: "Status", type: "text", width: 12 }, { header: "Email", type: "text", width: 28 },
        { header: "Units", type: "int", width: 8 }, { header: "Subtotal", type: "money", width: 14 },
        { header: "Discount", type: "money", width: 14 }, { header: "Shipping", type: "money", width: 14 },
        { header: "Total", type: "money", width: 14 }, { header: "Refunded", type: "money", width: 14 },
      ];
      export function orderTable(n) {
        const start = Date.parse("2030-01-01T00:00:00Z");
        const rows = Array.from({ length: n }, (_, i) => ["BENCH-" + i, start + i * 600000, i % 10 ? "delivered" : "cancelled",
          "buyer" + (i % 997) + "@example.com", 3, 180000, 5000, 20000, 195000, i % 50 ? 0 : 30000]);
        return { report: "orders", title: "Orders", period: "2030", currency: "IDR", columns: COLUMNS, rows,
          totals: ["Total", null, null, null, 3 * n, 180000 * n, 5000 * n, 20000 * n, 195000 * n, 0], chart: null };
      }`,
    resolveDir: root,
    loader: "ts",
  },
  outfile: path.join(root, "bench", ".tmp", "xlsx-heap.js"),
  bundle: true,
  format: "esm",
  platform: "node",
  logLevel: "warning",
});

const runs = [];
for (const rows of args.rows.split(",").map(Number)) {
  const child = spawnSync(process.execPath, ["--max-old-space-size=128", import.meta.filename, "--child", String(rows)], { encoding: "utf8" });
  const run = child.status === 0 ? JSON.parse(child.stdout) : { rows, out_of_memory: /heap out of memory|Allocation failed/i.test(child.stderr), exit: child.status ?? child.signal };
  console.log(JSON.stringify(run));
  runs.push(run);
}
const result = { when: new Date().toISOString(), heap_limit_mib: 128, machine: { cpus: os.cpus().length, node: process.version, loadavg: os.loadavg().map((l) => l.toFixed(2)) }, runs };
await writeResult("xlsx-heap", result);
console.log("Wrote bench/results/xlsx-heap.json");
