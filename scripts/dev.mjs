// `npm run dev`: local secrets → D1 migrations → idempotent seed → `wrangler dev` (extra args pass through).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { wrangler } from "./lib.mjs";
import { seed } from "./seed.mjs";

if (!existsSync(".dev.vars")) {
  const example = readFileSync(".dev.vars.example", "utf8");
  writeFileSync(".dev.vars", example.replace(/^JWT_SECRET=.*$/m, `JWT_SECRET=${randomBytes(32).toString("hex")}`));
  console.log("Created .dev.vars with a random JWT_SECRET");
}

wrangler(["d1", "migrations", "apply", "DB", "--local"]);
seed();

const dev = spawn("wrangler", ["dev", ...process.argv.slice(2)], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
