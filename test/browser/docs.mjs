#!/usr/bin/env node
// `npm run test:browser`: /api/docs in headless Chromium (Debian's, driven by playwright-core) against
// `wrangler dev`, with every request to another host blocked. Passes when Swagger UI lists the API's
// operations, asked nothing of another host, and "Try it out" on GET /health gets a 200 from this server.
// Saves test/browser/screenshots/api-docs.png (the list) and api-docs-try-it-out.png.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { chromium } from "playwright-core";
import { WRANGLER_ENV } from "../../scripts/lib.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const root = path.resolve(import.meta.dirname, "..", "..");
const screenshots = path.join(root, "test", "browser", "screenshots");
const results = [];

function check(name, ok, detail = "") {
  results.push(ok);
  console.log(`${ok ? "✓" : "✗"} ${name}${detail ? ` — ${detail}` : ""}`);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });

async function startServer(port) {
  const child = spawn("wrangler", ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", ".wrangler/browser-test"], {
    cwd: root,
    env: WRANGLER_ENV,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).status < 500) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`wrangler dev did not start within 2 minutes:\n${output}`);
}

if (!existsSync(CHROMIUM)) {
  console.error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  process.exit(1);
}

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = await startServer(port);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1600 } });
  const blocked = [];
  // The network is this server and nothing else.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    blocked.push(url.href);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (err) => pageErrors.push(String(err)));

  await page.goto(`${origin}/api/docs`, { waitUntil: "load" });
  await page.waitForSelector(".opblock", { timeout: 30_000 });
  const operations = await page.locator(".opblock").count();
  const doc = await (await fetch(`${origin}/api/openapi.json`)).json();
  const expected = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  check("Swagger UI lists every operation of /api/openapi.json", operations === expected, `${operations} of ${expected}`);
  check("the title renders", (await page.locator(".info .title").innerText()).includes("Edge Commerce API"));
  check("nothing was asked of another host", blocked.length === 0, blocked.join(", "));
  check("no script errors", pageErrors.length === 0, pageErrors.join("; "));

  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, "api-docs.png") });

  // Try it out: GET /health through the UI, answered by this server.
  const health = page.locator('[id$="-getHealth"]');
  await health.locator(".opblock-summary").click();
  await health.getByRole("button", { name: "Try it out" }).click();
  await health.getByRole("button", { name: "Execute" }).click();
  const status = health.locator(".live-responses-table tr.response .response-col_status").first();
  await status.waitFor({ timeout: 30_000 });
  const statusText = (await status.innerText()).trim();
  check("Try it out on GET /health answers 200 from this server", statusText === "200", statusText);

  await page.screenshot({ path: path.join(screenshots, "api-docs-try-it-out.png") });
  console.log(`screenshots: ${path.relative(root, screenshots)}/api-docs.png, api-docs-try-it-out.png`);
} finally {
  await browser.close();
  process.kill(-server.pid, "SIGTERM");
}

const failed = results.filter((ok) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
