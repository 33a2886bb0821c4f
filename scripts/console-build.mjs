// Builds the admin console (console/) into public/admin/, which Workers Static Assets serves at /admin/.
// One esbuild step: console/src/main.tsx (Preact, uPlot, the typed client) → app.js + app.css, and
// console/index.html copied as is. wrangler.toml's [build] runs it before `wrangler dev` and `wrangler deploy`,
// so the bundle is never committed and never stale. `--watch` rebuilds on change.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "public", "admin");

/** @type {import("esbuild").BuildOptions} */
const options = {
  entryPoints: { app: path.join(root, "console", "src", "main.tsx") },
  outdir: out,
  bundle: true,
  minify: true,
  sourcemap: "linked",
  format: "esm",
  target: ["es2022"],
  jsx: "automatic",
  jsxImportSource: "preact",
  logLevel: "warning",
  legalComments: "none",
};

export async function buildConsole() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  copyFileSync(path.join(root, "console", "index.html"), path.join(out, "index.html"));
  const result = await esbuild.build({ ...options, metafile: true });
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith(".map"))
    .reduce((n, [, o]) => n + o.bytes, 0);
  return `${Math.round(bytes / 1024)} KiB`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`console: public/admin/ (${await buildConsole()})`);
}
