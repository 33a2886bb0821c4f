// /api/docs in headless Chromium, other hosts blocked. Passes when Swagger UI lists the API's operations,
// asked nothing of another host, and "Try it out" on GET /health gets a 200 from this server.
// Saves test/browser/screenshots/api-docs.png (the list) and api-docs-try-it-out.png.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { check, isolatedContext, root } from "./harness.mjs";

const screenshots = path.join(root, "test", "browser", "screenshots");

export async function docsSuite(browser, origin) {
  const { context, blocked } = await isolatedContext(browser, origin, { viewport: { width: 1280, height: 1600 } });
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
  await context.close();
}
