// Helpers shared by the local tooling scripts (plain Node ESM, run with the repo's Node 22).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

/** Reads KEY=VALUE lines from .dev.vars (if present), with the real environment taking precedence. */
export function devVars(path = ".dev.vars") {
  const vars = {};
  if (existsSync(path)) {
    for (const line of readFileSync(path, "utf8").split("\n")) {
      const match = line.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/);
      if (match) vars[match[1]] = match[2].replace(/^"(.*)"$/, "$1");
    }
  }
  return { ...vars, ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^[A-Z0-9_]+$/.test(k))) };
}

/**
 * The environment for wrangler run by these scripts: no banner, no metrics prompt, and no fetch of
 * Cloudflare's request.cf data (offline it only prints a stack trace; local requests get a default).
 */
export const WRANGLER_ENV = {
  ...process.env,
  CI: "true",
  WRANGLER_HIDE_BANNER: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

/**
 * Runs wrangler from node_modules, its output kept back (the step prints one line of its own) and shown
 * only if it fails, which exits the script. Returns the output.
 */
export function wrangler(args) {
  const result = spawnSync("wrangler", args, { encoding: "utf8", env: WRANGLER_ENV, maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    console.error(`wrangler ${args.join(" ")} failed`);
    process.exit(result.status ?? 1);
  }
  return `${result.stdout}${result.stderr}`;
}

/** SQL string literal. */
export const q = (value) => (value === null || value === undefined ? "NULL" : `'${String(value).replace(/'/g, "''")}'`);
