import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sweepExpiredCarts } from "../../src/cart/sweep";
import { carts } from "../../src/db/schema";
import { sha256Hex } from "../../src/lib/crypto";
import { api, awayFromWindowEdge, expectError, json, randomClientIp } from "../helpers";
import { changeProduct, changeVariantPrice, setAvailable } from "./fixtures";
import { addItem, cartApi, createDiscount, db, insertVariant, newGuest, registerCustomer, STRONG_PASSWORD, userWithRole } from "../factories";

/** The cart tests' variant: sized and coloured, 50 units in the read model unless a test says otherwise. */
const SHELF = { size: "M", color: "red", available: 50 };

type Item = { id: string; variant_id: string; quantity: number; unit_price: number; unit_price_seen: number; price_changed: boolean; sellable: boolean };
const qty = (cart: Record<string, unknown>, variantId: string) =>
  (cart.items as Item[]).find((i) => i.variant_id === variantId)?.quantity;

afterEach(() => vi.restoreAllMocks());

describe("guest carts and the merge at login", () => {
  it("a guest builds a cart, applies a code, logs in and finds the merged cart; the guest token stops working", async () => {
    const a = await insertVariant({ ...SHELF, basePrice: 100_000 });
    const b = await insertVariant({ ...SHELF, basePrice: 50_000, available: 3 });
    const c = await insertVariant({ ...SHELF, basePrice: 10_000 });
    const code = await createDiscount({ type: "percent", value: 10 });

    // The customer already has some of A and B in their cart.
    const customer = await registerCustomer();
    await addItem(customer, a.id, 9);
    await addItem(customer, b.id, 2);

    const first = await api("/cart/items", { body: { variant_id: a.id, quantity: 2 } });
    const guest = await json(first);
    expect(guest.cart_token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(first.headers.get("X-Cart-Token")).toBe(guest.cart_token);
    const who = { cartToken: guest.cart_token as string };
    await addItem(who, b.id, 2);
    const built = await addItem(who, c.id, 1);
    expect(built).toMatchObject({ cart_token: who.cartToken, subtotal: 310_000 });
    const applied = await json(await cartApi("/cart/discount", who, { body: { code: code.code.toLowerCase() } }));
    expect(applied).toMatchObject({ discount_code: code.code, discount: 31_000 });

    const login = await api("/auth/login", {
      body: { email: customer.email, password: STRONG_PASSWORD },
      headers: { "X-Cart-Token": who.cartToken },
    });
    expect(login.status).toBe(200);
    const merged = await json(await cartApi("/cart", { token: (await json(login)).access_token }));
    expect(merged.cart_token).toBeUndefined();
    expect(qty(merged, a.id)).toBe(10); // 9 + 2, capped by the per-line cap
    expect(qty(merged, b.id)).toBe(3); // 2 + 2, capped by what is available
    expect(qty(merged, c.id)).toBe(1);
    expect(merged.discount_code).toBe(code.code); // the customer had none, so the guest's came along

    const after = await json(await cartApi("/cart", who));
    expect(after.cart_token).not.toBe(who.cartToken);
    expect(after.items).toEqual([]);
  });

  it("registering with a guest token turns the guest cart into the new customer's cart", async () => {
    const v = await insertVariant({ ...SHELF });
    const guest = await newGuest();
    await addItem(guest, v.id, 2);
    const res = await api("/auth/register", {
      body: { email: `cart-${Date.now()}@example.com`, password: STRONG_PASSWORD, name: "New Buyer" },
      headers: { "X-Cart-Token": guest.cartToken },
    });
    expect(res.status).toBe(201);
    const cart = await json(await cartApi("/cart", { token: (await json(res)).access_token }));
    expect(qty(cart, v.id)).toBe(2);
  });

  it("keeps a customer's cart across logout and login", async () => {
    const v = await insertVariant({ ...SHELF });
    const customer = await registerCustomer();
    await addItem(customer, v.id, 3);
    expect((await api("/auth/logout", { body: { refresh_token: customer.refresh } })).status).toBe(204);
    const login = await json(await api("/auth/login", { body: { email: customer.email, password: STRONG_PASSWORD } }));
    const cart = await json(await cartApi("/cart", { token: login.access_token }));
    expect(qty(cart, v.id)).toBe(3);
  });

  it("gives an expired guest cart's holder a new cart, and the sweep deletes it", async () => {
    const v = await insertVariant({ ...SHELF });
    const guest = await newGuest();
    await addItem(guest, v.id, 1);
    const [row] = await db().select().from(carts).where(eq(carts.tokenHash, await sha256Hex(guest.cartToken)));
    await db().update(carts).set({ expiresAt: Date.now() - 1 }).where(eq(carts.id, row!.id));
    await env.CART_CACHE.delete(`cart:g:${await sha256Hex(guest.cartToken)}`); // what the entry's staleAt does in real time
    const fresh = await json(await cartApi("/cart", guest));
    expect(fresh.cart_token).not.toBe(guest.cartToken);
    expect(fresh.items).toEqual([]);
    await sweepExpiredCarts({ env, db: db() });
    expect(await db().select().from(carts).where(eq(carts.id, row!.id))).toEqual([]);
  });

  it("keeps staff accounts out of carts", async () => {
    const staff = await userWithRole("staff");
    await expectError(await cartApi("/cart", { token: staff.token }), 403, "forbidden");
  });
});

describe("lines", () => {
  it("adds, sums, changes and removes lines, and clears the cart", async () => {
    const v = await insertVariant({ ...SHELF, basePrice: 100_000 });
    const w = await insertVariant({ ...SHELF, price: 25_000 });
    const customer = await registerCustomer();
    await addItem(customer, v.id, 1);
    const two = await addItem(customer, v.id, 2);
    expect(two.items).toHaveLength(1);
    expect(two.items[0]).toMatchObject({ quantity: 3, unit_price: 100_000, sku: expect.any(String), size: "M", color: "red", available: 50 });
    // Inclusive tax: 300 000 × 1100 / 11 100 = 29 729.7 → 29 730; below the free-shipping threshold.
    expect(two).toMatchObject({ subtotal: 300_000, discount: 0, shipping: 20_000, tax: 29_730, total: 320_000, currency: "IDR" });

    const withW = await addItem(customer, w.id, 1);
    const lineId = withW.items.find((i: Item) => i.variant_id === w.id).id;
    const patched = await json(await cartApi(`/cart/items/${lineId}`, customer, { method: "PATCH", body: { quantity: 4 } }));
    expect(qty(patched, w.id)).toBe(4);
    expect(patched.subtotal).toBe(400_000);
    const removed = await json(await cartApi(`/cart/items/${lineId}`, customer, { method: "DELETE" }));
    expect(removed.items).toHaveLength(1);
    const cleared = await json(await cartApi("/cart", customer, { method: "DELETE" }));
    expect(cleared).toMatchObject({ items: [], total: 0, discount_code: null });
  });

  it("caps quantities by the per-line cap and by what is available", async () => {
    const v = await insertVariant({ ...SHELF, available: 3 });
    const w = await insertVariant({ ...SHELF, available: 100 });
    const guest = await newGuest();
    await expectError(await cartApi("/cart/items", guest, { body: { variant_id: w.id, quantity: 11 } }), 422, "quantity_limit_exceeded");
    const err = await expectError(await cartApi("/cart/items", guest, { body: { variant_id: v.id, quantity: 4 } }), 409, "insufficient_stock");
    expect(err.details).toMatchObject({ available: 3 });
    const cart = await addItem(guest, v.id, 2);
    await expectError(await cartApi("/cart/items", guest, { body: { variant_id: v.id, quantity: 2 } }), 409, "insufficient_stock");
    const lineId = cart.items[0].id;
    await expectError(await cartApi(`/cart/items/${lineId}`, guest, { method: "PATCH", body: { quantity: 4 } }), 409, "insufficient_stock");
    await setAvailable(w.id, 100);
    await addItem(guest, w.id, 10);
    await expectError(await cartApi("/cart/items", guest, { body: { variant_id: w.id, quantity: 1 } }), 422, "quantity_limit_exceeded");
    for (const quantity of [0, -1, 1.5, "2"]) {
      await expectError(await cartApi("/cart/items", guest, { body: { variant_id: v.id, quantity } }), 400, "validation_error");
    }
    await expectError(await cartApi(`/cart/items/${lineId}`, guest, { method: "PATCH", body: { quantity: 0 } }), 400, "validation_error");
  });

  it("refuses unknown variants (404) and products that are not for sale (422)", async () => {
    const inactive = await insertVariant({ ...SHELF, isActive: false });
    const deleted = await insertVariant({ ...SHELF });
    await changeProduct(deleted.productId, { deletedAt: Date.now() });
    const dollars = await insertVariant({ ...SHELF, currency: "USD" });
    const guest = await newGuest();
    await expectError(await cartApi("/cart/items", guest, { body: { variant_id: "nope", quantity: 1 } }), 404, "not_found");
    await expectError(await cartApi("/cart/items", guest, { body: { variant_id: inactive.id, quantity: 1 } }), 409, "product_unavailable");
    await expectError(await cartApi("/cart/items", guest, { body: { variant_id: deleted.id, quantity: 1 } }), 409, "product_unavailable");
    await expectError(await cartApi("/cart/items", guest, { body: { variant_id: dollars.id, quantity: 1 } }), 422, "currency_mismatch");
  });

  it("answers 404 for another cart's line (BOLA)", async () => {
    const v = await insertVariant({ ...SHELF });
    const owner = await registerCustomer();
    const lineId = (await addItem(owner, v.id, 1)).items[0].id;
    const other = await registerCustomer();
    await addItem(other, v.id, 1);
    await expectError(await cartApi(`/cart/items/${lineId}`, other, { method: "PATCH", body: { quantity: 2 } }), 404, "not_found");
    await expectError(await cartApi(`/cart/items/${lineId}`, other, { method: "DELETE" }), 404, "not_found");
    const guest = await newGuest();
    await expectError(await cartApi(`/cart/items/${lineId}`, guest, { method: "DELETE" }), 404, "not_found");
    expect(qty(await json(await cartApi("/cart", owner)), v.id)).toBe(1);
  });
});

describe("live prices and the KV view cache", () => {
  it("flags price_changed and totals at the live price after a catalog price change, despite the cache", async () => {
    const v = await insertVariant({ ...SHELF, basePrice: 100_000 });
    const customer = await registerCustomer();
    await addItem(customer, v.id, 2);
    const cached = await json(await cartApi("/cart", customer));
    expect(cached.items[0]).toMatchObject({ unit_price: 100_000, price_changed: false });

    await changeVariantPrice(v.id, 90_000);
    const repriced = await json(await cartApi("/cart", customer));
    expect(repriced.items[0]).toMatchObject({ unit_price: 90_000, unit_price_seen: 100_000, price_changed: true });
    expect(repriced.subtotal).toBe(180_000);

    // Adding again means the customer saw the new price.
    const seen = await addItem(customer, v.id, 1);
    expect(seen.items[0]).toMatchObject({ unit_price_seen: 90_000, price_changed: false });

    // A withdrawn product stays in the cart, flagged, and leaves the totals.
    await changeProduct(v.productId, { isActive: false });
    const withdrawn = await json(await cartApi("/cart", customer));
    expect(withdrawn.items[0]).toMatchObject({ sellable: false });
    expect(withdrawn).toMatchObject({ subtotal: 0, total: 0 });
  });

  it("serves a cached read with no D1 query", async () => {
    const v = await insertVariant({ ...SHELF });
    const customer = await registerCustomer();
    const guest = await newGuest();
    const written = await addItem(customer, v.id, 2);
    const guestWritten = await addItem(guest, v.id, 1);

    const d1 = [vi.spyOn(env.DB, "prepare"), vi.spyOn(env.DB, "batch"), vi.spyOn(env.DB, "exec")];
    for (const spy of d1) spy.mockImplementation(() => { throw new Error("D1 must not be queried on a cached read"); });
    const read = await cartApi("/cart", customer);
    expect(read.status).toBe(200);
    expect(await json(read)).toEqual(written);
    expect(await json(await cartApi("/cart", guest))).toEqual(guestWritten);
    for (const spy of d1) expect(spy).not.toHaveBeenCalled();
  });

  it("lets 20 rapid writes to one cart all succeed when KV refuses more than one write per second per key", async () => {
    const variants = await Promise.all([1, 2, 3, 4].map(() => insertVariant({ ...SHELF, basePrice: 1000 })));
    const customer = await registerCustomer();
    await cartApi("/cart", customer);

    // KV's real limit, which the local simulator does not enforce: a second put to a key within 1 s is refused.
    const kv = env.CART_CACHE;
    const realPut = kv.put.bind(kv);
    const lastPut = new Map<string, number>();
    const refused = { count: 0 };
    vi.spyOn(kv, "put").mockImplementation(async (key, value, options) => {
      const last = lastPut.get(key);
      if (last !== undefined && Date.now() - last < 1000) {
        refused.count++;
        throw new Error("KV PUT failed: 429 Too Many Requests");
      }
      lastPut.set(key, Date.now());
      return realPut(key, value, options);
    });

    // Sequential, as one shopper clicking fast: each write is a new cart version inside the same second.
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await cartApi("/cart/items", customer, { body: { variant_id: variants[i % 4]!.id, quantity: 1 } });
      statuses.push(res.status);
      if (i === 19) expect((await json(res)).subtotal).toBe(20_000); // the response is always fresh
    }
    expect(statuses).toEqual(Array(20).fill(200));
    expect(refused.count).toBeGreaterThanOrEqual(10);

    // The deferred repair republishes the last write once the per-key window has passed.
    await vi.waitFor(
      async () => {
        const cart = await json(await cartApi("/cart", customer));
        expect(cart.items.map((i: Item) => i.quantity)).toEqual([5, 5, 5, 5]);
        expect(cart.subtotal).toBe(20_000);
      },
      { timeout: 30_000, interval: 200 },
    );
  });
});

describe("guest cart creation", () => {
  const cartRows = async () => (await db().select({ id: carts.id }).from(carts)).length;

  it("a read creates no cart: a token-less or unknown-token GET answers an empty cart with no token", async () => {
    const before = await cartRows();
    for (const headers of [{}, { "X-Cart-Token": "made-up-token" }] as Record<string, string>[]) {
      const res = await api("/cart", { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get("X-Cart-Token")).toBeNull();
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(await json(res)).toMatchObject({ items: [], discount_code: null, subtotal: 0, total: 0 });
      expect((await api("/cart", { method: "DELETE", headers })).status).toBe(200);
      expect((await api("/cart/discount", { method: "DELETE", headers })).status).toBe(200);
    }
    expect(await cartRows()).toBe(before);
  });

  it("limits new guest carts per client", async () => {
    const v = await insertVariant({ ...SHELF });
    const client = randomClientIp();
    await awayFromWindowEdge();
    const seen: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await api("/cart/items", { body: { variant_id: v.id, quantity: 1 }, headers: { "CF-Connecting-IP": client } });
      seen.push(res.status);
      if (res.status === 429) expect(res.headers.get("Retry-After")).toBe("60");
    }
    expect(seen).toEqual([...Array(10).fill(200), 429]);
  });
});
