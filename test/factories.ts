/**
 * One set of test factories: users, stores, products, variants with stock, carts, orders and payments.
 * Two layers: over the HTTP API as a client would (createStore, createProduct, createVariant, catalogWorld),
 * and straight in D1 for tests of the layers under the catalog (insertProduct, insertVariant). Helpers that
 * only one domain's tests need (ledger sums, provider stubs, report fixtures) stay in test/<domain>/fixtures.ts.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { expect, vi } from "vitest";
import { newGuestCart } from "../src/cart/carts";
import { cartConfig } from "../src/cart/config";
import { createDb } from "../src/db/client";
import { categories, orderItems, orders, payments, productVariants, products, reportExports, stores } from "../src/db/schema";
import type { Role } from "../src/env";
import { holdOrder, initializeStock } from "../src/inventory/service";
import { stockStub } from "../src/inventory/stock-client";
import { sha256Hex } from "../src/lib/crypto";
import { applyPaymentSucceeded } from "../src/payments/effects";
import { insertPayment } from "../src/payments/store";
import { insertUser } from "../src/users/service";
import { api, json } from "./helpers";

let seq = 0;
/** A short suffix unique within the test file, for slugs, SKUs and names. */
export const uniq = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;
/** An id for a row made straight in D1. */
export const nextId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

export const db = () => createDb(env.DB);

// ---- Users ------------------------------------------------------------------------------------------------------

export const uniqueEmail = (prefix = "user") => `${prefix}-${Date.now()}-${++seq}@example.com`;
export const STRONG_PASSWORD = "Velvet-Harbor-2026!";

/** Registers a customer through the API and returns its tokens. */
export async function registerCustomer(overrides: Partial<{ email: string; password: string; name: string }> = {}) {
  const email = overrides.email ?? uniqueEmail("customer");
  const res = await api("/auth/register", {
    body: { email, password: overrides.password ?? STRONG_PASSWORD, name: overrides.name ?? "Test Buyer" },
  });
  expect(res.status).toBe(201);
  const body = await json(res);
  return { email, userId: body.user.id as string, token: body.access_token as string, refresh: body.refresh_token as string };
}

/** Creates a user of any role straight in D1 (the bootstrap an admin would do) and logs in over HTTP. */
export async function userWithRole(role: Role, storeId: string | null = null) {
  const email = uniqueEmail(role);
  const user = await insertUser({ env, db: db() }, { email, name: `Test ${role}`, role, storeId, password: STRONG_PASSWORD });
  const res = await api("/auth/login", { body: { email, password: STRONG_PASSWORD } });
  expect(res.status).toBe(200);
  const body = await json(res);
  return { email, userId: user.id, token: body.access_token as string, refresh: body.refresh_token as string };
}

// ---- Over the HTTP API -------------------------------------------------------------------------------------------

export async function expectStatus(res: Response, status: number) {
  const body = res.status === 204 || res.status === 304 ? null : await json(res);
  expect({ status: res.status, body }).toMatchObject({ status });
  return body as Record<string, any>;
}

export async function createStore(token: string, name = `Toko ${uniq()}`) {
  return expectStatus(await api("/admin/stores", { token, body: { name } }), 201);
}

export async function createCategory(token: string, body: { name: string; slug?: string; parent_id?: string | null }) {
  return expectStatus(await api("/admin/categories", { token, body }), 201);
}

export async function createProduct(token: string, body: Record<string, unknown>) {
  return expectStatus(await api("/admin/products", { token, body: { description: "", ...body } }), 201);
}

export async function createVariant(token: string, productId: string, body: Record<string, unknown>) {
  return expectStatus(await api(`/admin/products/${productId}/variants`, { token, body }), 201);
}

/** An admin, two stores with a seller each, and a two-level category tree to hang products on. */
export async function catalogWorld() {
  const admin = await userWithRole("admin");
  const store = await createStore(admin.token);
  const otherStore = await createStore(admin.token);
  const seller = await userWithRole("seller", store.id);
  const otherSeller = await userWithRole("seller", otherStore.id);
  const root = await createCategory(admin.token, { name: `Fashion ${uniq()}` });
  const child = await createCategory(admin.token, { name: `Kaos ${uniq()}`, parent_id: root.id });
  return { admin, store, otherStore, seller, otherSeller, root, child };
}

// ---- Straight in D1 ----------------------------------------------------------------------------------------------

export interface ProductOptions {
  storeId?: string;
  categoryId?: string;
  /** The new category's name, when no categoryId is given. */
  categoryName?: string;
  name?: string;
  basePrice?: number;
  currency?: string;
  isActive?: boolean;
}

/** A product (with its own store and category unless given) straight in D1. */
export async function insertProduct(options: ProductOptions = {}) {
  const storeId = options.storeId ?? nextId("store");
  const categoryId = options.categoryId ?? nextId("cat");
  if (!options.storeId) await db().insert(stores).values({ id: storeId, slug: storeId, name: `Store ${storeId}` });
  if (!options.categoryId) await db().insert(categories).values({ id: categoryId, slug: categoryId, name: options.categoryName ?? `Category ${categoryId}` });
  const productId = nextId("prod");
  await db()
    .insert(products)
    .values({
      id: productId,
      storeId,
      categoryId,
      slug: productId,
      name: options.name ?? `Product ${productId}`,
      basePrice: options.basePrice ?? 100_000,
      currency: options.currency ?? "IDR",
      isActive: options.isActive ?? true,
    });
  return { storeId, categoryId, productId };
}

export interface VariantOptions extends ProductOptions {
  sku?: string;
  size?: string;
  color?: string;
  price?: number | null;
  /** The D1 read model's on_hand and available, set directly (the carts read it); 0 unless given. */
  available?: number;
  /** Initializes the variant's StockObject with this many units (it then refreshes the read model itself). */
  stock?: number;
}

/** A variant row straight in D1, on a product of its own, and its stock object. */
export async function insertVariant(options: VariantOptions = {}) {
  const product = await insertProduct(options);
  const id = nextId("var");
  const sku = options.sku ?? id.toUpperCase();
  const available = options.available ?? 0;
  await db()
    .insert(productVariants)
    .values({ id, productId: product.productId, sku, size: options.size ?? null, color: options.color ?? null, price: options.price ?? null, onHand: available, available });
  if (options.stock !== undefined) await initializeStock(env, id, options.stock, "test-admin");
  return { id, sku, ...product, stub: stockStub(env, id) };
}

/** A variant whose stock object holds `stock` units, once the D1 read model (which carts read) shows it. */
export async function stockedVariant(stock: number) {
  const variant = await insertVariant({ stock });
  await vi.waitFor(
    async () => {
      const row = await db().query.productVariants.findFirst({ where: eq(productVariants.id, variant.id) });
      if (row?.available !== stock) throw new Error("read model not there yet");
    },
    { timeout: 30_000, interval: 20 },
  );
  return variant;
}

// ---- Carts -------------------------------------------------------------------------------------------------------

export interface CartCaller {
  token?: string;
  cartToken?: string;
}

/** A cart call as a guest (X-Cart-Token) or a customer (Bearer). */
export async function cartApi(path: string, who: CartCaller, options: { method?: string; body?: unknown } = {}) {
  return api(path, {
    ...options,
    ...(who.token ? { token: who.token } : {}),
    ...(who.cartToken ? { headers: { "X-Cart-Token": who.cartToken } } : {}),
  });
}

export async function addItem(who: CartCaller, variantId: string, quantity: number) {
  const res = await cartApi("/cart/items", who, { body: { variant_id: variantId, quantity } });
  if (res.status !== 200) throw new Error(`add failed: ${res.status} ${await res.text()}`);
  return json(res);
}

/** A guest with an empty cart (made in D1: over HTTP only a write creates a guest cart). */
export async function newGuest(): Promise<CartCaller & { cartToken: string }> {
  const { token } = await newGuestCart({ env, db: db() }, cartConfig(env).idleMs);
  return { cartToken: token ?? "" };
}

export async function guestWith(variantId: string, quantity: number): Promise<CartCaller & { cartToken: string }> {
  const guest = await newGuest();
  await addItem(guest, variantId, quantity);
  return guest;
}

// ---- Orders and payments -----------------------------------------------------------------------------------------

export const ADDRESS = {
  name: "Sari Wulandari",
  phone: "+6281234567890",
  line1: "Jl. Merdeka No. 1",
  city: "Bandung",
  postal_code: "40111",
  country: "ID",
};

export function placeOrder(who: CartCaller, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return api("/orders", {
    body: { shipping_address: ADDRESS, ...body },
    ...(who.token ? { token: who.token } : {}),
    headers: { ...(who.cartToken ? { "X-Cart-Token": who.cartToken } : {}), ...headers },
  });
}

/** A customer with `qty` units of a fresh variant ordered (pending payment). */
export async function customerOrder(stock = 5, qty = 1) {
  const v = await stockedVariant(stock);
  const customer = await registerCustomer();
  await addItem(customer, v.id, qty);
  const order = await json(await placeOrder(customer));
  return { v, customer, order };
}

/**
 * A manual transfer recorded and confirmed through the entry the webhooks use (applyPaymentSucceeded, which
 * asks the order's authority); test/payments covers the providers' own paths. Resolves once the order is paid.
 */
export async function markPaid(orderId: string) {
  const d = db();
  const order = await d.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!order) throw new Error("no order");
  const payment = await insertPayment(
    { env, db: d },
    { id: crypto.randomUUID(), orderId, provider: "manual", providerRef: null, amount: order.total, currency: order.currency, status: "pending", clientData: {} },
    "test",
  );
  const reply = await applyPaymentSucceeded({ env, db: d }, payment, { amount: order.total, currency: order.currency, source: "test" });
  if (reply.outcome !== "applied") throw new Error(`payment not applied: ${reply.outcome}`);
  const paid = await d.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!paid) throw new Error("no order");
  return paid;
}

export interface LineSpec {
  stock: number;
  qty: number;
  unitPrice?: number;
}

/**
 * An order as checkout leaves it: pending_payment in D1 with its lines, every line held in its
 * variant's stock object (ascending variant id, as holdOrder does). Lines may share a store.
 */
export async function pendingOrder(options: { lines?: LineSpec[]; ttlMs?: number; userId?: string; discountId?: string } = {}) {
  const specs = options.lines ?? [{ stock: 5, qty: 1 }];
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const variants = await Promise.all(specs.map((l) => insertVariant({ stock: l.stock })));
  const id = crypto.randomUUID();
  const orderToken = `guest-token-${id}`;
  const lineTotals = specs.map((l) => l.qty * (l.unitPrice ?? 100_000));
  const total = lineTotals.reduce((a, b) => a + b, 0);
  await db().batch([
    db()
      .insert(orders)
      .values({
        id,
        number: `T-${Date.now().toString(36)}-${++seq}`,
        userId: options.userId ?? null,
        email: `authority-${seq}@example.com`,
        orderTokenHash: options.userId ? null : await sha256Hex(orderToken),
        status: "pending_payment",
        currency: "IDR",
        subtotal: total,
        total,
        discountId: options.discountId ?? null,
        shippingAddress: { line1: "Jl. Sudirman 1", city: "Jakarta", country: "ID" },
        reservationExpiresAt: Date.now() + ttlMs,
      }),
    ...variants.map((v, i) =>
      db()
        .insert(orderItems)
        .values({
          id: crypto.randomUUID(),
          orderId: id,
          variantId: v.id,
          productId: v.productId,
          storeId: v.storeId,
          sku: v.sku,
          name: `Item ${i + 1}`,
          unitPrice: specs[i]?.unitPrice ?? 100_000,
          quantity: specs[i]?.qty ?? 1,
          lineTotal: lineTotals[i] ?? 0,
        }),
    ),
  ]);
  await holdOrder(env, id, variants.map((v, i) => ({ variantId: v.id, qty: specs[i]?.qty ?? 1 })), ttlMs);
  return { orderId: id, orderToken, total, variants, specs };
}

/** A payment row as POST /payments writes it (the provider's side is the test's stub). */
export async function addPayment(orderId: string, provider: "stripe" | "midtrans" | "manual", amount: number) {
  const id = crypto.randomUUID();
  const providerRef = provider === "stripe" ? `pi_auth_${id.slice(0, 8)}` : provider === "midtrans" ? id : null;
  return insertPayment({ env, db: db() }, { id, orderId, provider, providerRef, amount, currency: "IDR", status: "pending", clientData: {} }, "test");
}

export async function orderRow(orderId: string) {
  const row = await db().query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!row) throw new Error("order missing");
  return row;
}

// ---- Catalog half (catalog, inventory, stores, reports, users, auth, audit) ----

/** A queued export row, as POST /admin/reports/exports writes it, straight in D1 (for the consumer's tests). */
export async function insertExport(values: { params: Record<string, unknown>; requestedBy: string }) {
  const [row] = await db()
    .insert(reportExports)
    .values({ id: crypto.randomUUID(), report: "sales", format: "csv", ...values })
    .returning();
  if (!row) throw new Error("export insert returned nothing");
  return row;
}

// ---- Money half: orders, payments, cart, discounts, notifications (issue 18) ------------------------------------

/** A discount code as an admin creates it (POST /admin/discounts), with a fresh code unless `body.code` names one. */
export async function createDiscount(body: Record<string, unknown>) {
  const admin = await userWithRole("admin");
  const res = await api("/admin/discounts", { token: admin.token, body: { code: nextId("C").replace(/-/g, ""), ...body } });
  if (res.status !== 201) throw new Error(`discount failed: ${res.status} ${await res.text()}`);
  return json(res);
}

/** An order row alone, straight in D1 (no lines, no hold): for list and paging tests that read what checkout writes. */
export async function insertOrderRow(options: { id?: string; total?: number; status?: string; createdAt?: number; email?: string } = {}) {
  const id = options.id ?? nextId("ord");
  const total = options.total ?? 1;
  await db()
    .insert(orders)
    .values({
      id,
      number: `ORD-T-${id}`,
      email: options.email ?? `${id}@example.com`,
      status: options.status ?? "pending_payment",
      currency: "IDR",
      subtotal: total,
      total,
      shippingAddress: ADDRESS,
      createdAt: options.createdAt ?? Date.now(),
    });
  return id;
}

/** A payment row (and its order) straight in D1: for list and paging tests that read what the payment flow writes. */
export async function insertPaymentRow(status: string, createdAt: number) {
  const id = nextId("pay");
  const orderId = await insertOrderRow({ id: `o-${id}`, email: "p@example.com" });
  await db().insert(payments).values({ id, orderId, provider: "manual", amount: 1, currency: "IDR", status, clientData: {}, createdAt });
  return id;
}
