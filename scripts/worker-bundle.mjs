// esbuild options for bundling a Worker entry to run in workerd (Miniflare): one ESM module with the export
// conditions workerd resolves, `cloudflare:*` and `node:*` left to the runtime. Used by the OpenAPI document
// (scripts/openapi.mjs) and the bench Workers (bench/support.mjs); add `entryPoints` and an output.
/** @type {import("esbuild").BuildOptions} */
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
