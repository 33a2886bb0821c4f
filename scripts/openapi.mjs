// The OpenAPI document exactly as the Worker serves it, without a dev server: the Worker is bundled
// and asked for /api/openapi.json inside Miniflare. `--dev` gives the local document (with the
// Development routes), otherwise the production one.
//
//   node scripts/openapi.mjs [--dev] [--out file.json]
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { bundledWorker, WORKER_BUNDLE, wranglerVars } from "./worker-bundle.mjs";

const root = path.resolve(import.meta.dirname, "..");

export async function openApiDocument({ dev }) {
  const result = await build({ ...WORKER_BUNDLE, entryPoints: [path.join(root, "src", "index.ts")], write: false });
  // wrangler.toml's [vars], as every deploy gets them; the dev document adds what .dev.vars switches on.
  const env = wranglerVars(dev ? { APP_ENV: "development", PAYMENT_SANDBOX: "true" } : {});
  const mf = new Miniflare({ logRequests: false, workers: [{ config: { ...bundledWorker("openapi", result.outputFiles[0].text), env } }] });
  try {
    const res = await mf.dispatchFetch("http://localhost/api/openapi.json");
    if (!res.ok) throw new Error(`/api/openapi.json answered ${res.status}`);
    return await res.json();
  } finally {
    await mf.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { dev: { type: "boolean", default: false }, out: { type: "string" } } });
  const text = `${JSON.stringify(await openApiDocument({ dev: values.dev }), null, 2)}\n`;
  if (values.out) {
    mkdirSync(path.dirname(values.out), { recursive: true });
    writeFileSync(values.out, text);
  }
  else process.stdout.write(text);
}
