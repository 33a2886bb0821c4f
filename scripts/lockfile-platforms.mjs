// Some registry mirrors hold only the Linux builds of workerd; `npm install` then writes a lockfile
// without the macOS/Windows optional packages, and `npm ci` refuses it ("Missing ... from lock file").
// This restores their entries (npm skips them by os/cpu on other platforms). Run after `npm install`.
import { readFileSync, writeFileSync } from "node:fs";

const PLATFORMS = {
  "darwin-64": { os: ["darwin"], cpu: ["x64"] },
  "darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "windows-64": { os: ["win32"], cpu: ["x64"] },
};

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!path.endsWith("node_modules/workerd") || !entry.optionalDependencies) continue;
  const prefix = path.slice(0, -"workerd".length);
  for (const [name, version] of Object.entries(entry.optionalDependencies)) {
    const platform = PLATFORMS[name.split("workerd-")[1]];
    if (!platform || lock.packages[prefix + name]) continue;
    lock.packages[prefix + name] = { version, ...platform, license: "Apache-2.0", optional: true, engines: { node: ">=16" } };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)));
writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
console.log(`lockfile: restored ${added} platform entries`);
