// Shared by the bench scripts: bundling a bench-only Worker entry, migrating a Miniflare D1 and seeding a variant,
// latency percentiles, and writing a result to bench/results/.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { WORKER_BUNDLE } from "../scripts/worker-bundle.mjs";

export const root = path.resolve(import.meta.dirname, "..");

/** Bundles `bench/<entry>.ts` for workerd (kept at `bench/.tmp/<entry>.js`) and returns the module's source. */
export async function bundle(entry) {
  const outfile = path.join(root, "bench", ".tmp", `${entry}.js`);
  await build({ ...WORKER_BUNDLE, entryPoints: [path.join(root, "bench", `${entry}.ts`)], outfile });
  return readFile(outfile, "utf8");
}

/** The D1 schema from /migrations, applied statement by statement. */
export async function migrate(db) {
  const dir = path.join(root, "migrations");
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort()) {
    const sql = await readFile(path.join(dir, file), "utf8");
    for (const statement of sql.split("--> statement-breakpoint").map((s) => s.trim()).filter(Boolean)) {
      await db.prepare(statement).run();
    }
  }
}

/**
 * One variant (its SKU the id upper-cased) of the bench product, with the store and category it needs (inserted
 * once). `price` is the product's base price in IDR.
 */
export async function seedVariant(db, id, { price = 1000 } = {}) {
  await db.batch([
    db.prepare("INSERT INTO stores (id, slug, name) VALUES ('bench-store', 'bench-store', 'Bench') ON CONFLICT DO NOTHING"),
    db.prepare("INSERT INTO categories (id, slug, name) VALUES ('bench-cat', 'bench-cat', 'Bench') ON CONFLICT DO NOTHING"),
    db.prepare(
      `INSERT INTO products (id, store_id, category_id, slug, name, base_price, currency)
       VALUES ('bench-product', 'bench-store', 'bench-cat', 'bench-product', 'Bench sneaker', ?, 'IDR') ON CONFLICT DO NOTHING`,
    ).bind(price),
    db.prepare("INSERT INTO product_variants (id, product_id, sku) VALUES (?, 'bench-product', ?)").bind(id, id.toUpperCase()),
  ]);
}

/** The p-th percentile (nearest rank) of ascending `sorted`; 0 when empty. */
export const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);

/** Writes `result` to bench/results/<name>.json. */
export async function writeResult(name, result) {
  await mkdir(path.join(root, "bench", "results"), { recursive: true });
  await writeFile(path.join(root, "bench", "results", `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
