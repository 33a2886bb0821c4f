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

/** Runs wrangler from node_modules with inherited output; exits the script if it fails. */
export function wrangler(args) {
  const result = spawnSync("wrangler", args, { stdio: "inherit", env: { ...process.env, CI: "true" } });
  if (result.status !== 0) {
    console.error(`wrangler ${args.join(" ")} failed`);
    process.exit(result.status ?? 1);
  }
}

/** SQL string literal. */
export const q = (value) => (value === null || value === undefined ? "NULL" : `'${String(value).replace(/'/g, "''")}'`);
