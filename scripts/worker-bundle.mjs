// A Worker bundled into one module and run in Miniflare as wrangler.toml configures it: the OpenAPI document
// (scripts/openapi.mjs) and the bench Workers (bench/support.mjs and the bench scripts).
import path from "node:path";
import { unstable_readConfig } from "wrangler";

/**
 * esbuild options for workerd: one ESM module with the export conditions workerd resolves, `cloudflare:*` and
 * `node:*` left to the runtime. Add `entryPoints` and an output.
 * @type {import("esbuild").BuildOptions}
 */
export const WORKER_BUNDLE = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["module", "main"],
  external: ["cloudflare:*", "node:*"],
  logLevel: "warning",
};

let wrangler;
const wranglerConfig = () => (wrangler ??= unstable_readConfig({ config: path.resolve(import.meta.dirname, "..", "wrangler.toml") }));

/** Miniflare's `config` for the bundled module `contents`, with wrangler.toml's compatibility date and flags; add `env` and the rest. */
export function bundledWorker(name, contents) {
  const { compatibility_date, compatibility_flags } = wranglerConfig();
  return {
    name,
    compatibilityDate: compatibility_date,
    compatibilityFlags: compatibility_flags,
    manifest: { mainModule: "worker.js", modules: { "worker.js": { type: "esm", contents } } },
  };
}

/** wrangler.toml's [vars], as every deploy gets them, over `overrides`, as Miniflare text bindings. */
export function wranglerVars(overrides = {}) {
  return Object.fromEntries(Object.entries({ ...wranglerConfig().vars, ...overrides }).map(([k, value]) => [k, { type: "text", value: String(value) }]));
}
