// The admin console (/admin/) in headless Chromium, the "done when" path: sign in as staff, create a
// product with two variants and three images (dropped on the page), start its sale on the flash board and
// sell it out from the API while the board's available falls to 0, move a paid order to shipped with a
// tracking number, download its invoice, a bulk transition and a refund, an xlsx export downloaded, then a
// seller who sees only their store (soft delete and restore), at a laptop and a phone width, partly by keyboard. Screenshots of each screen go to
// docs/screenshots/ (shown in the README).
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createShopClient } from "../../client/index.ts";
import { placeholderPng } from "../../scripts/seed-catalog.mjs";
import { hashPassword } from "../../scripts/seed.mjs";
import { check, isolatedContext, root, wranglerSync } from "./harness.mjs";

const screenshots = path.join(root, "docs", "screenshots");
const PASSWORD = "console-test-password-2026";
const LAPTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

/** Fails the suite with the API's own error: the setup must work for the checks to mean anything. */
function must(step, result) {
  if (!result.response.ok) throw new Error(`${step}: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

async function signedInClient(origin, email) {
  const anonymous = createShopClient({ baseUrl: origin });
  const session = must(`login ${email}`, await anonymous.POST("/api/v1/auth/login", { body: { email, password: PASSWORD } }));
  return createShopClient({ baseUrl: origin, headers: { Authorization: `Bearer ${session.access_token}` } });
}

/** The admin row is the one thing written with SQL (as scripts/seed.mjs does); the rest goes through the API. */
async function setUp(origin, persistTo) {
  const sql = `INSERT INTO users (id, email, name, role, password_hash) VALUES ('user-console-admin', 'admin@console.test', 'Console Admin', 'admin', '${hashPassword(PASSWORD)}');`;
  wranglerSync(["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--command", sql]);
  const admin = await signedInClient(origin, "admin@console.test");
  const storeA = must("store A", await admin.POST("/api/v1/admin/stores", { body: { name: "Toko Kopi Aceh", slug: "toko-kopi-aceh" } }));
  const storeB = must("store B", await admin.POST("/api/v1/admin/stores", { body: { name: "Batik Solo", slug: "batik-solo" } }));
  const category = must("category", await admin.POST("/api/v1/admin/categories", { body: { name: "Coffee", slug: "coffee" } }));
  for (const [email, name, role, store_id] of [
    ["staff@console.test", "Sari Staff", "staff", undefined],
    ["seller-a@console.test", "Ahmad Seller", "seller", storeA.id],
  ]) {
    must(`user ${email}`, await admin.POST("/api/v1/admin/users", { body: { email, name, role, password: PASSWORD, ...(store_id ? { store_id } : {}) } }));
  }
  // Another store's product: the seller of store A must never see it.
  const other = must(
    "store B product",
    await admin.POST("/api/v1/admin/products", { body: { name: "Batik Parang Shirt", base_price: 350000, category_id: category.id, store_id: storeB.id } }),
  );
  must("store B variant", await admin.POST("/api/v1/admin/products/{id}/variants", { params: { path: { id: other.id } }, body: { sku: "BATIK-PARANG-L", stock: 4 } }));
  return { admin, storeA, storeB, category, otherProduct: other };
}

/** A guest buys one unit: cart, then checkout (the order holds the unit until paid or expired). */
async function guestBuys(origin, variantId, n) {
  const guest = createShopClient({ baseUrl: origin });
  const added = await guest.POST("/api/v1/cart/items", { body: { variant_id: variantId, quantity: 1 } });
  must(`cart ${n}`, added);
  const cartToken = added.response.headers.get("X-Cart-Token");
  return must(
    `checkout ${n}`,
    await guest.POST("/api/v1/orders", {
      params: { header: { "x-cart-token": cartToken, "idempotency-key": `console-test-${n}-${Date.now()}` } },
      body: {
        email: `flash-buyer-${n}@example.com`,
        shipping_address: { name: `Buyer ${n}`, phone: "+628123456789", line1: "Jl. Braga 1", city: "Bandung", postal_code: "40111", country: "ID" },
      },
    }),
  );
}

/** Pays a guest order by manual bank transfer, which an admin confirms: the order is paid. */
async function payByTransfer(origin, admin, order) {
  const guest = createShopClient({ baseUrl: origin });
  const payment = must("payment", await guest.POST("/api/v1/payments", { params: { header: { "x-order-token": order.order_token } }, body: { order_id: order.id, provider: "manual" } }));
  must("confirm", await admin.POST("/api/v1/admin/payments/{id}/confirm", { params: { path: { id: payment.id } }, body: {} }));
}

const nav = (page, name) => page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name, exact: true });

async function shot(page, name, fullPage = false) {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage });
  return `${name}.png`;
}

async function signIn(page, origin, email, password = PASSWORD) {
  await page.goto(`${origin}/admin/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function consoleSuite(browser, origin, persistTo) {
  mkdirSync(screenshots, { recursive: true });
  const saved = [];
  const { admin, storeA, otherProduct } = await setUp(origin, persistTo);

  // Routing: the console's deep links get its index.html; the API's routes are not shadowed.
  const deep = await fetch(`${origin}/admin/orders/anything`, { headers: { "Sec-Fetch-Mode": "navigate", Accept: "text/html" } });
  check("a deep link into the console serves its index.html", deep.status === 200 && (await deep.text()).includes("/admin/app.js"), String(deep.status));
  const api = await fetch(`${origin}/api/v1/admin/orders`, { headers: { "Sec-Fetch-Mode": "navigate", Accept: "text/html" } });
  check("the API's /api/v1/admin/orders is still the API (401 JSON) for a browser navigation", api.status === 401 && (await api.json()).error?.code === "unauthenticated", String(api.status));
  const unknown = await fetch(`${origin}/admin-nope`, { headers: { "Sec-Fetch-Mode": "navigate" } });
  check("other unknown paths still reach the Worker (JSON 404)", unknown.status === 404 && (unknown.headers.get("content-type") ?? "").includes("json"), String(unknown.status));

  const { context, blocked } = await isolatedContext(browser, origin, { viewport: LAPTOP, acceptDownloads: true });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (err) => pageErrors.push(String(err)));

  // 1. Sign-in: a wrong password shows the API's message as it is; then staff signs in (cookie mode).
  await signIn(page, origin, "staff@console.test", "not-the-password-at-all");
  const error = await page.getByRole("alert").innerText({ timeout: 15_000 });
  check("a failed sign-in shows the API's error code and message", /invalid_credentials/.test(error), error.replace(/\s+/g, " "));
  saved.push(await shot(page, "console-sign-in"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("who").waitFor({ timeout: 15_000 });
  const cookies = await context.cookies();
  const access = cookies.find((c) => c.name === "access_token");
  check("the session is an HttpOnly SameSite=Strict cookie", !!access && access.httpOnly && access.sameSite === "Strict");
  const navStaff = await page.locator("nav a").allInnerTexts();
  check("staff see Flash sale, Orders, Catalog and Reports", navStaff.join(",") === "Flash sale,Orders,Catalog,Reports", navStaff.join(", "));

  // An expired access cookie (gone, here) is renewed from the refresh cookie without signing in again.
  await context.clearCookies({ name: "access_token" });
  const cleared = !(await context.cookies()).some((c) => c.name === "access_token");
  await page.goto(`${origin}/admin/orders`);
  await page.getByTestId("who").waitFor({ timeout: 15_000 });
  const renewed = (await context.cookies()).find((c) => c.name === "access_token");
  check("a lapsed access cookie is renewed by the refresh cookie (still signed in)", cleared && !!renewed && page.url().endsWith("/admin/orders"));

  // 2. Catalog: create a product, two variants, three images dropped at once.
  await nav(page, "Catalog").click();
  await page.getByRole("link", { name: "New product" }).click();
  await page.getByLabel("Name").fill("Kopi Gayo Flash Roast");
  await page.getByLabel("Base price").fill("120000");
  await page.getByLabel("Category").selectOption({ label: "Coffee" });
  await page.getByLabel("Store").selectOption({ label: storeA.name });
  await page.getByRole("button", { name: "Create product" }).click();
  await page.waitForURL(/\/admin\/catalog\/(?!new)[^/]+$/, { timeout: 15_000 });
  const productId = page.url().split("/").pop();
  for (const [sku, size, stock, limit] of [
    ["GAYO-FLASH-250", "250 g", "3", "1"],
    ["GAYO-FLASH-1KG", "1 kg", "5", ""],
  ]) {
    const form = page.getByRole("form", { name: "Add a variant" });
    await form.getByLabel("SKU").fill(sku);
    await form.getByLabel("Size").fill(size);
    await form.getByLabel("Initial stock").fill(stock);
    await form.getByLabel("Limit per buyer").fill(limit);
    await form.getByRole("button", { name: "Add variant" }).click();
    await page.getByTestId("variants").getByText(sku).waitFor({ timeout: 15_000 });
  }
  check("the product has two variants", (await page.getByTestId("variants").locator("tbody tr").count()) === 2);
  // A third, deleted and restored (soft delete), leaves it live again.
  const extra = page.getByRole("form", { name: "Add a variant" });
  await extra.getByLabel("SKU").fill("GAYO-FLASH-TRIAL");
  await extra.getByRole("button", { name: "Add variant" }).click();
  await page.getByRole("button", { name: "Delete GAYO-FLASH-TRIAL" }).click();
  await page.getByTestId("variants").getByText("GAYO-FLASH-TRIAL").waitFor({ state: "detached", timeout: 15_000 });
  await page.getByRole("button", { name: "Restore GAYO-FLASH-TRIAL" }).click();
  await page.getByTestId("variants").getByText("GAYO-FLASH-TRIAL").waitFor({ timeout: 15_000 });
  await page.getByRole("button", { name: "Delete GAYO-FLASH-TRIAL" }).click();
  await page.getByTestId("variants").getByText("GAYO-FLASH-TRIAL").waitFor({ state: "detached", timeout: 15_000 });
  const live = must("product", await admin.GET("/api/v1/admin/products/{id}", { params: { path: { id: productId } } })).variants.map((v) => v.sku);
  check("a variant deleted, restored and deleted again is gone; the two stay", live.sort().join(",") === "GAYO-FLASH-1KG,GAYO-FLASH-250", live.join(","));

  const files = [0, 1, 2].map((i) => ({ name: `gayo-${i + 1}.png`, type: "image/png", b64: placeholderPng([40 + i * 90, 120, 200 - i * 60]).toString("base64") }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    return dt;
  }, files);
  await page.getByTestId("dropzone").dispatchEvent("drop", { dataTransfer });
  await page.getByTestId("images").locator("li").nth(2).waitFor({ timeout: 20_000 });
  const progress = await page.locator(".uploads progress").evaluateAll((els) => els.map((e) => e.value));
  check("three dropped images upload, each with its progress bar at 100%", progress.length === 3 && progress.every((v) => v === 1), progress.join(","));
  const images = must("product", await admin.GET("/api/v1/admin/products/{id}", { params: { path: { id: productId } } })).images;
  check("the API holds the three images, one primary", images.length === 3 && images.filter((i) => i.is_primary).length === 1, `${images.length}`);
  // Primary and order: the third image becomes primary, then moves first.
  const gallery = page.getByTestId("images");
  await gallery.locator("li").nth(2).getByRole("button", { name: "Make primary" }).click();
  await gallery.locator("li").nth(2).getByText("Primary", { exact: true }).waitFor({ timeout: 15_000 });
  const third = images.sort((a, b) => a.position - b.position)[2];
  await page.getByRole("button", { name: "Move image 3 earlier" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="images"] li')[1]?.textContent?.includes("Primary"), null, { timeout: 15_000 });
  await page.getByRole("button", { name: "Move image 2 earlier" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="images"] li')[0]?.textContent?.includes("Primary"), null, { timeout: 15_000 });
  const ordered = must("product", await admin.GET("/api/v1/admin/products/{id}", { params: { path: { id: productId } } })).images.sort((a, b) => a.position - b.position);
  check("an image made primary and moved first is first and primary in the API", ordered[0]?.id === third.id && ordered[0].is_primary && ordered.filter((i) => i.is_primary).length === 1, ordered.map((i) => `${i.position}${i.is_primary ? "*" : ""}`).join(","));
  saved.push(await shot(page, "console-product-editor", true));

  // A deep link straight to this screen loads it (the SPA rewrite), signed in by cookie.
  await page.goto(`${origin}/admin/catalog/${productId}`);
  await page.getByTestId("variants").waitFor({ timeout: 15_000 });
  check("a deep link to the product editor loads the editor", (await page.getByTestId("variants").locator("tbody tr").count()) === 2);

  // 3. Flash sale: watch the 250 g variant, start the sale from the board, sell out from the API.
  await nav(page, "Flash sale").click();
  await page.getByLabel("Search SKU or product").fill("GAYO-FLASH-250");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByLabel(/GAYO-FLASH-250/).check({ timeout: 15_000 });
  const available = page.getByTestId("available");
  await available.waitFor({ timeout: 15_000 });
  await page.getByRole("button", { name: "Start sale now" }).click();
  await page.getByTestId("sale-state").getByText("on sale", { exact: true }).waitFor({ timeout: 15_000 });
  check("Start sale now opens the sale window", true);
  const seen = [Number(await available.innerText())];
  const variant = must("variants", await admin.GET("/api/v1/admin/products/{id}", { params: { path: { id: productId } } })).variants.find((v) => v.sku === "GAYO-FLASH-250");
  const orders = [];
  for (let n = 1; n <= 3; n++) {
    orders.push(await guestBuys(origin, variant.id, n));
    await page.waitForFunction((want) => document.querySelector('[data-testid="available"]')?.textContent?.trim() === String(want), 3 - n, { timeout: 20_000 });
    seen.push(Number(await available.innerText()));
  }
  check("the board shows available falling to 0 as the API sells", seen.join(",") === "3,2,1,0", seen.join(" → "));
  check("the board shows the variant's flash limit set in the editor", (await page.getByTestId("board").innerText()).includes("1 per buyer"));
  await payByTransfer(origin, admin, orders[0]);
  await payByTransfer(origin, admin, orders[1]);
  await page.waitForFunction(() => document.querySelector('[data-testid="paid"]')?.textContent === "2", null, { timeout: 20_000 });
  const held = await page.getByTestId("held").innerText();
  const perMinute = Number(await page.getByTestId("orders-per-minute").innerText());
  check("paid vs held: 2 paid, 1 held; orders per minute counts the 3", held === "1" && perMinute >= 3, `held ${held}, per minute ${perMinute}`);
  saved.push(await shot(page, "console-flash-board"));
  // The low-stock list (read model, a moment behind) offers the 1 kg variant's units to add; add them.
  const lowRow = page.locator("tr", { hasText: "GAYO-FLASH-1KG" }).filter({ has: page.getByRole("button", { name: /^Add \d+$/ }) });
  await lowRow.waitFor({ timeout: 30_000 });
  const toAdd = Number((await lowRow.getByRole("button").innerText()).replace("Add ", ""));
  await lowRow.getByRole("button").click();
  await lowRow.waitFor({ state: "detached", timeout: 30_000 }).catch(() => undefined);
  const restocked = must("variants", await admin.GET("/api/v1/admin/products/{id}", { params: { path: { id: productId } } })).variants.find((v) => v.sku === "GAYO-FLASH-1KG");
  check("restocking from the low-stock list adds the units to add", toAdd === 5 && restocked?.on_hand === 10, `added ${toAdd}, on hand ${restocked?.on_hand}`);
  const fourth = await createShopClient({ baseUrl: origin }).POST("/api/v1/cart/items", { body: { variant_id: variant.id, quantity: 1 } });
  check("a fourth buyer is refused: sold out", !fourth.response.ok, `${fourth.response.status} ${fourth.error?.error?.code}`);

  // 4. Orders: find the first paid order, move it to processing then shipped with a tracking number.
  await nav(page, "Orders").click();
  await page.getByLabel("Search").fill(orders[0].number);
  await page.getByRole("button", { name: "Apply" }).click();
  await page.getByRole("link", { name: orders[0].number }).click();
  const status = page.getByTestId("order-status");
  await status.waitFor({ timeout: 15_000 });
  await page.getByRole("button", { name: "Move to processing" }).click();
  await status.getByText("processing").waitFor({ timeout: 15_000 });
  await page.getByRole("combobox", { name: /^To\b/ }).selectOption("shipped");
  await page.getByLabel("Tracking number").fill("JNE-1234567890");
  await page.getByRole("button", { name: "Move to shipped" }).click();
  await status.getByText("shipped").waitFor({ timeout: 15_000 });
  const shipped = must("order", await admin.GET("/api/v1/admin/orders/{id}", { params: { path: { id: orders[0].id } } }));
  check("the order is shipped with its tracking number", shipped.status === "shipped" && shipped.tracking_number === "JNE-1234567890", `${shipped.status} ${shipped.tracking_number}`);
  check("its history lists paid → processing → shipped", (await page.locator(".events li").allInnerTexts()).map((t) => t.split("\n")[0].split(" from")[0]).join(",").includes("processing,shipped"));
  const [invoice] = await Promise.all([page.waitForEvent("download", { timeout: 20_000 }), page.getByRole("button", { name: "Download invoice" }).click()]);
  const invoiceBytes = readFileSync(await invoice.path());
  check("the invoice downloads as a PDF", invoiceBytes.subarray(0, 5).toString() === "%PDF-" && invoice.suggestedFilename().endsWith(".pdf"), invoice.suggestedFilename());
  saved.push(await shot(page, "console-order-detail"));
  // The API's own refusal, shown as it is: a shipped order cannot go back to processing.
  await page.getByRole("combobox", { name: /^To\b/ }).selectOption("processing");
  await page.getByRole("button", { name: "Move to processing" }).click();
  const refusal = await page.getByRole("alert").first().innerText({ timeout: 15_000 });
  check("an invalid transition shows the API's error as it is", /409 invalid_transition/.test(refusal), refusal.replace(/\s+/g, " "));

  // Bulk: the second paid order and the unpaid one to processing; each gets its own result.
  await nav(page, "Orders").click();
  await page.getByRole("link", { name: orders[2].number }).waitFor({ timeout: 15_000 });
  await page.getByLabel(`Select ${orders[1].number}`).check();
  await page.getByLabel(`Select ${orders[2].number}`).check();
  await page.getByRole("combobox", { name: "Move to" }).selectOption("processing");
  await page.getByRole("button", { name: "Apply to selected" }).click();
  const bulk = await page.getByRole("list", { name: "Bulk results" }).innerText({ timeout: 15_000 });
  check(
    "a bulk transition answers per order (paid → processing ok, unpaid refused as the API says)",
    bulk.includes(`${orders[1].number}: now processing`) && new RegExp(`${orders[2].number}: invalid_transition`).test(bulk),
    bulk.replace(/\s+/g, " "),
  );
  saved.push(await shot(page, "console-orders"));

  // A partial refund of the second paid order's transfer, from its page.
  await page.getByRole("link", { name: orders[1].number }).click();
  const payments = page.getByRole("region", { name: "Payments" });
  await payments.getByLabel(/Amount/).fill("10000");
  await payments.getByRole("button", { name: "Refund" }).click();
  await payments.getByText("partially_refunded", { exact: true }).waitFor({ timeout: 15_000 });
  const [refunded] = must("payments", await admin.GET("/api/v1/admin/payments", { params: { query: { order_id: orders[1].id } } })).data;
  check("a partial refund from the order's page reaches the payment", refunded?.refunded_amount === 10000 && refunded.status === "partially_refunded", `${refunded?.status} ${refunded?.refunded_amount}`);

  // 5. Reports: charts and an xlsx export, queued → done, downloaded.
  await nav(page, "Reports").click();
  await page.locator(".chart canvas").first().waitFor({ timeout: 15_000 });
  check("the sales chart draws (uPlot, bundled)", (await page.locator(".chart canvas").count()) >= 1);
  await page.getByLabel("Format").selectOption("xlsx");
  await page.getByRole("button", { name: "Queue export" }).click();
  const exportRow = page.getByTestId("exports").locator("li").first();
  const firstStatus = await exportRow.getAttribute("data-status", { timeout: 15_000 });
  await page.getByRole("button", { name: "Download xlsx" }).waitFor({ timeout: 60_000 });
  check("the export goes from queued to done", ["queued", "running", "done"].includes(firstStatus) && (await exportRow.getAttribute("data-status")) === "done", `${firstStatus} → done`);
  const [xlsx] = await Promise.all([page.waitForEvent("download", { timeout: 20_000 }), page.getByRole("button", { name: "Download xlsx" }).click()]);
  const xlsxBytes = readFileSync(await xlsx.path());
  check("the xlsx export downloads (a zip container)", xlsxBytes.subarray(0, 2).toString() === "PK" && xlsx.suggestedFilename().endsWith(".xlsx"), xlsx.suggestedFilename());
  saved.push(await shot(page, "console-reports"));

  // 6. Sign out; a seller signs in by keyboard alone and sees only their store.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").waitFor({ timeout: 15_000 });
  await page.getByLabel("Email").focus();
  await page.keyboard.type("seller-a@console.test");
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await page.getByTestId("who").waitFor({ timeout: 15_000 });
  const navSeller = await page.locator("nav a").allInnerTexts();
  check("a seller sees no Reports", navSeller.join(",") === "Flash sale,Orders,Catalog", navSeller.join(", "));
  check("the top bar names the seller's store", (await page.getByTestId("who").innerText()).includes(storeA.name));
  let reached = "";
  for (let i = 0; i < 15 && reached !== "Catalog"; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
  }
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/admin\/catalog$/, { timeout: 15_000 });
  check("the nav is reachable and usable by keyboard", reached === "Catalog");
  const rows = page.getByTestId("products").locator("tbody tr");
  await rows.first().waitFor({ timeout: 15_000 });
  const stores = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-store")));
  const names = await rows.locator("td:first-child").allInnerTexts();
  check("the seller's catalog lists only their store's products", stores.length > 0 && stores.every((s) => s === storeA.id) && !names.includes(otherProduct.name), names.join(", "));
  saved.push(await shot(page, "console-seller-catalog"));
  // Soft delete and restore, as the seller, on their own product.
  const own = rows.filter({ hasText: "Kopi Gayo Flash Roast" });
  await own.getByRole("button", { name: "Delete Kopi Gayo Flash Roast" }).click();
  await own.waitFor({ state: "detached", timeout: 15_000 });
  await page.getByRole("button", { name: "Restore Kopi Gayo Flash Roast" }).click();
  await own.getByText("active", { exact: true }).waitFor({ timeout: 15_000 });
  const restored = must("product", await admin.GET("/api/v1/admin/products/{id}", { params: { path: { id: productId } } }));
  check("soft delete then restore leaves the product active", restored.status === "active" && restored.deleted_at === null, restored.status);

  // 7. Phone width: the nav folds into a menu, nothing overflows sideways.
  await page.setViewportSize(PHONE);
  await nav(page, "Catalog").waitFor({ state: "hidden", timeout: 5_000 });
  await page.getByRole("button", { name: "Menu" }).click();
  await nav(page, "Orders").click();
  await page.waitForURL(/\/admin\/orders$/, { timeout: 15_000 });
  await page.getByRole("link", { name: orders[2].number }).waitFor({ timeout: 15_000 });
  const sellerOrders = await page.locator("tbody tr").count();
  check("the seller's orders are the three holding their store's items", sellerOrders === 3, String(sellerOrders));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check("at a phone width the page does not scroll sideways", overflow <= 0, `${overflow}px`);
  saved.push(await shot(page, "console-phone-orders"));

  check("the console asked nothing of another host", blocked.length === 0, blocked.join(", "));
  check("no script errors", pageErrors.length === 0, pageErrors.join("; "));
  console.log(`screenshots: docs/screenshots/${saved.join(", ")}`);
  await context.close();
}
