// Copies the pinned Swagger UI build (swagger-ui-dist in package.json) into public/docs/vendor/, which
// Workers Static Assets serves: /api/docs needs nothing from another host. Runs on `npm ci` (postinstall).
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const target = path.join(root, "public", "docs", "vendor");
const FILES = ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"];

export function copyDocsAssets() {
  mkdirSync(target, { recursive: true });
  for (const file of FILES) copyFileSync(path.join(dist, file), path.join(target, file));
  return JSON.parse(readFileSync(path.join(dist, "package.json"), "utf8")).version;
}

if (import.meta.url === `file://${process.argv[1]}`) copyDocsAssets();
