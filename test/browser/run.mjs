#!/usr/bin/env node
// `npm run test:browser [docs|console]`: the browser suites in headless Chromium (Debian's, driven by
// playwright-core) against one `wrangler dev` with fresh local state (migrations applied), every request to
// another host blocked. docs.mjs: /api/docs (Swagger UI). console.mjs: the admin console at /admin/.
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { consoleSuite } from "./console.mjs";
import { docsSuite } from "./docs.mjs";
import { CHROMIUM, checks, failures, freePort, launchBrowser, root, startServer, wranglerSync } from "./harness.mjs";

const SUITES = { docs: docsSuite, console: consoleSuite };
const chosen = process.argv.slice(2).filter((a) => a in SUITES);
const run = chosen.length ? chosen : Object.keys(SUITES);

if (!existsSync(CHROMIUM)) {
  console.error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  process.exit(1);
}

const persistTo = path.join(root, ".wrangler", "browser-test");
rmSync(persistTo, { recursive: true, force: true });
wranglerSync(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
// Deployed defaults (APP_ENV=production, no payment sandbox) whatever a local .dev.vars says; a test secret.
const server = await startServer(port, persistTo, {
  JWT_SECRET: "browser-test-secret-that-is-at-least-32-characters",
  APP_ENV: "production",
  PAYMENT_SANDBOX: "false",
});
const browser = await launchBrowser();
let crashed = false;
try {
  for (const name of run) {
    console.log(`— ${name}`);
    await SUITES[name](browser, origin, persistTo);
  }
} catch (err) {
  crashed = true;
  console.error(err);
  console.error(`server output (tail):\n${server.output().slice(-4000)}`);
} finally {
  await browser.close();
  process.kill(-server.child.pid, "SIGTERM");
}

const failed = failures() + (crashed ? 1 : 0);
console.log(`${checks() - failures()} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
