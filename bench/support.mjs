// Shared by the bench scripts: bundling a bench-only Worker entry and migrating a Miniflare D1.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

export const root = path.resolve(import.meta.dirname, "..");

/** Bundles `bench/<entry>.ts` to `bench/.tmp/<entry>.js` for workerd and returns its path. */
export async function bundle(entry) {
  const outfile = path.join(root, "bench", ".tmp", `${entry}.js`);
  await build({
    entryPoints: [path.join(root, "bench", `${entry}.ts`)],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    external: ["cloudflare:*", "node:*"],
    logLevel: "warning",
  });
  return outfile;
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
