// `npm run dev`: local secrets → D1 migrations → idempotent seed → `wrangler dev` (extra args pass through),
// one line per step. Each step's own output is shown only if it fails; wrangler's after "ready".
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { copyDocsAssets } from "./docs-assets.mjs";
import { WRANGLER_ENV, wrangler } from "./lib.mjs";
import { seed } from "./seed.mjs";

const args = process.argv.slice(2);
const argValue = (name, fallback) => {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return fallback;
  return args[i].includes("=") ? args[i].split("=")[1] : (args[i + 1] ?? fallback);
};
const port = argValue("--port", "8787");
const origin = `http://localhost:${port}`;
const step = (line) => console.log(`• ${line}`);

/** Creates .dev.vars, or repairs it: an empty JWT_SECRET (every login would be a 500) and names it lacks. */
function localSecrets() {
  const example = readFileSync(".dev.vars.example", "utf8");
  const created = !existsSync(".dev.vars");
  let text = created ? example : readFileSync(".dev.vars", "utf8");
  const has = (name) => new RegExp(`^\\s*${name}\\s*=`, "m").test(text);
  const missing = [...example.matchAll(/^([A-Z0-9_]+)=.*$/gm)].filter((m) => !has(m[1]));
  if (missing.length) text = `${text.trimEnd()}\n# Added by npm run dev from .dev.vars.example\n${missing.map((m) => m[0]).join("\n")}\n`;
  const emptySecret = !/^\s*JWT_SECRET\s*=\s*\S{32,}/m.test(text);
  if (emptySecret) text = text.replace(/^\s*JWT_SECRET\s*=.*$/m, `JWT_SECRET=${randomBytes(32).toString("hex")}`);
  if (created || missing.length || emptySecret) writeFileSync(".dev.vars", text);
  const notes = [
    created && "created from .dev.vars.example",
    !created && emptySecret && "JWT_SECRET was empty or short: set a random one",
    missing.length && `added ${missing.map((m) => m[1]).join(", ")}`,
  ].filter(Boolean);
  const sandbox = /^\s*PAYMENT_SANDBOX\s*=\s*true\s*$/m.test(text) && /^\s*APP_ENV\s*=\s*development\s*$/m.test(text);
  step(`.dev.vars: ${notes.join("; ") || "ok"} (payment sandboxes ${sandbox ? "on" : "off"})`);
}

localSecrets();
copyDocsAssets();
const migrations = readdirSync("migrations").filter((f) => f.endsWith(".sql")).length;
wrangler(["d1", "migrations", "apply", "DB", "--local"]);
step(`D1: ${migrations} migrations applied (local state in .wrangler/)`);
step(`Seeded ${seed()}`);
step(`Starting wrangler dev on ${origin} …`);

// Cron triggers do not fire under wrangler dev; --test-scheduled lets /cdn-cgi/local/scheduled run them.
const dev = spawn("wrangler", ["dev", "--test-scheduled", ...args], { stdio: ["inherit", "pipe", "pipe"], env: WRANGLER_ENV });
let ready = false;
let early = "";
for (const stream of [dev.stdout, dev.stderr]) {
  stream.on("data", (chunk) => {
    if (ready) (stream === dev.stderr ? process.stderr : process.stdout).write(chunk);
    else early += chunk;
  });
}

async function waitForHealth() {
  const deadline = Date.now() + 120_000;
  while (!ready && Date.now() < deadline) {
    try {
      if ((await fetch(`${origin}/health`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

waitForHealth().then((ok) => {
  if (!ok) {
    process.stderr.write(early);
    console.error(`wrangler dev did not answer ${origin}/health within 2 minutes (its output is above)`);
    return;
  }
  ready = true;
  step(`Ready on ${origin}`);
  console.log(`    API     ${origin}/api/v1     docs ${origin}/api/docs`);
  console.log(`    console ${origin}/admin/     (staff@example.com / demo-password-2026)`);
  console.log(`    outbox  ${origin}/api/v1/admin/outbox (as admin: emails, OTP codes, reset links)`);
  console.log(`    cron    curl "${origin}/cdn-cgi/local/scheduled"  (expire unpaid orders, sweeps)`);
});

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => {
  if (!ready) process.stderr.write(early);
  process.exit(code ?? 0);
});
