// Shared by the browser suites (test/browser/run.mjs): a `wrangler dev` on a free port with its own local
// state, Debian's Chromium through playwright-core, a network limited to that server, and pass/fail lines.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { chromium } from "playwright-core";
import { WRANGLER_ENV } from "../../scripts/lib.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const root = path.resolve(import.meta.dirname, "..", "..");

const results = [];
export function check(name, ok, detail = "") {
  results.push(ok);
  console.log(`${ok ? "✓" : "✗"} ${name}${detail ? ` — ${detail}` : ""}`);
  return ok;
}
export const failures = () => results.filter((ok) => !ok).length;
export const checks = () => results.length;

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });

/** Runs wrangler to completion against the given local state (migrations, SQL). */
export function wranglerSync(args) {
  const result = spawnSync("wrangler", args, { cwd: root, encoding: "utf8", env: WRANGLER_ENV, maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** `wrangler dev` (which runs [build], the console's bundle, first) until /health answers. */
export async function startServer(port, persistTo, vars = {}) {
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const child = spawn("wrangler", ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistTo, ...varArgs], {
    cwd: root,
    env: WRANGLER_ENV,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).status < 500) return { child, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`wrangler dev did not start within 3 minutes:\n${output}`);
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A browser context whose network is `origin` and nothing else; `blocked` lists what was refused. */
export async function isolatedContext(browser, origin, options = {}) {
  const context = await browser.newContext(options);
  const blocked = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    blocked.push(url.href);
    return route.abort("blockedbyclient");
  });
  return { context, blocked };
}
