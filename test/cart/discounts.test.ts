import { env } from "cloudflare:workers";
import { buyerKeyForUser } from "../../src/users/buyer-key";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { discountRedemptions, discounts } from "../../src/db/schema";
import { redeemDiscount, releaseDiscount } from "../../src/discounts/service";
import { api, expectError, json } from "../helpers";
import { addItem, cartApi, createDiscount, db, insertVariant, newGuest, registerCustomer, userWithRole } from "../factories";

/** The cart tests' variant: sized and coloured, 50 units in the read model unless a test says otherwise. */
const SHELF = { size: "M", color: "red", available: 50 };

const HOUR = 60 * 60 * 1000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

async function apply(who: { token?: string; cartToken?: string }, code: string) {
  return cartApi("/cart/discount", who, { body: { code } });
}

describe("admin discount codes", () => {
  it("lets admin and staff manage codes, unique case-insensitively", async () => {
    const admin = await userWithRole("admin");
    const staff = await userWithRole("staff");
    const created = await api("/admin/discounts", {
      token: staff.token,
      body: { code: "Sale-1212", type: "percent", value: 12, min_order: 50_000, usage_limit: 100, scope: { category_id: "c1" } },
    });
    expect(created.status).toBe(201);
    const code = await json(created);
    expect(code).toMatchObject({
      code: "SALE-1212",
      type: "percent",
      value: 12,
      min_order: 50_000,
      starts_at: null,
      ends_at: null,
      usage_limit: 100,
      per_customer_limit: null,
      used_count: 0,
      scope: { category_id: "c1" },
    });
    await expectError(await api("/admin/discounts", { token: admin.token, body: { code: "sale-1212", type: "fixed", value: 1 } }), 409, "conflict");

    const list = await json(await api("/admin/discounts?search=sale-12", { token: admin.token }));
    expect(list.data.map((d: { id: string }) => d.id)).toContain(code.id);
    const patched = await json(
      await api(`/admin/discounts/${code.id}`, { method: "PATCH", token: admin.token, body: { value: 20, scope: null } }),
    );
    expect(patched).toMatchObject({ value: 20, scope: null, code: "SALE-1212" });
    const other = await createDiscount({ type: "fixed", value: 1000 });
    await expectError(
      await api(`/admin/discounts/${other.id}`, { method: "PATCH", token: admin.token, body: { code: "SALE-1212" } }),
      409,
      "conflict",
    );

    expect((await api(`/admin/discounts/${code.id}`, { method: "DELETE", token: staff.token })).status).toBe(204);
    await expectError(await api(`/admin/discounts/${code.id}`, { token: admin.token }), 404, "not_found");
    await expectError(await api(`/admin/discounts/${code.id}`, { method: "DELETE", token: admin.token }), 404, "not_found");
    // A deleted code frees its name.
    expect((await api("/admin/discounts", { token: admin.token, body: { code: "SALE-1212", type: "free_shipping" } })).status).toBe(201);
  });

  it("keeps codes to admin and staff, and validates them", async () => {
    const customer = await registerCustomer();
    await expectError(await api("/admin/discounts", { token: customer.token }), 403, "forbidden");
    await expectError(await api("/admin/discounts", { token: customer.token, body: { code: "NOPE1", type: "fixed", value: 1 } }), 403, "forbidden");
    const seller = await userWithRole("seller");
    await expectError(await api("/admin/discounts", { token: seller.token }), 403, "forbidden");
    await expectError(await api("/admin/discounts"), 401, "unauthenticated");

    const admin = await userWithRole("admin");
    const invalid = [
      { code: "P1", type: "percent", value: 10 }, // code too short
      { code: "BAD CODE", type: "percent", value: 10 },
      { code: "PCT150", type: "percent", value: 150 },
      { code: "PCT0", type: "percent", value: 0 },
      { code: "FIX0", type: "fixed", value: 0 },
      { code: "SHIP5", type: "free_shipping", value: 5 },
      { code: "BOGO1", type: "bogo", value: 1 },
      { code: "NEG1", type: "fixed", value: 100, min_order: -1 },
      { code: "DATES1", type: "fixed", value: 100, starts_at: at(2 * HOUR), ends_at: at(HOUR) },
      { code: "DATES2", type: "fixed", value: 100, ends_at: "tomorrow" },
      { code: "LIMIT0", type: "fixed", value: 100, usage_limit: 0 },
      { code: "SCOPE2", type: "fixed", value: 100, scope: { store_id: "s", product_id: "p" } },
      { code: "SCOPE0", type: "fixed", value: 100, scope: {} },
    ];
    for (const body of invalid) {
      await expectError(await api("/admin/discounts", { token: admin.token, body }), 400, "validation_error");
    }
    const ok = await createDiscount({ type: "fixed", value: 100 });
    await expectError(
      await api(`/admin/discounts/${ok.id}`, { method: "PATCH", token: admin.token, body: { type: "percent", value: 500 } }),
      400,
      "validation_error",
    );
  });
});

describe("applying codes to a cart", () => {
  it("refuses each kind of unusable code with its own error code", async () => {
    const v = await insertVariant({ ...SHELF, basePrice: 100_000 });
    const elsewhere = await insertVariant({ ...SHELF });
    const customer = await registerCustomer();
    await addItem(customer, v.id, 1);

    await expectError(await apply(customer, "NO-SUCH-CODE"), 422, "discount_invalid");
    const later = await createDiscount({ type: "percent", value: 10, starts_at: at(HOUR) });
    await expectError(await apply(customer, later.code), 422, "discount_not_started");
    const past = await createDiscount({ type: "percent", value: 10, starts_at: at(-2 * HOUR), ends_at: at(-HOUR) });
    await expectError(await apply(customer, past.code), 422, "discount_expired");

    const once = await createDiscount({ type: "percent", value: 10, usage_limit: 1 });
    expect(await redeemDiscount({ env, db: db() }, once.id, "someone-else", crypto.randomUUID())).toBe(true);
    await expectError(await apply(customer, once.code), 422, "discount_exhausted");

    const perCustomer = await createDiscount({ type: "percent", value: 10, per_customer_limit: 1 });
    expect(await redeemDiscount({ env, db: db() }, perCustomer.id, await buyerKeyForUser(db(), customer.userId), crypto.randomUUID())).toBe(true);
    await expectError(await apply(customer, perCustomer.code), 422, "discount_customer_limit");
    // A guest is checked by email at checkout, so the code applies to a guest cart.
    const guest = await newGuest();
    await addItem(guest, v.id, 1);
    expect((await apply(guest, perCustomer.code)).status).toBe(200);

    const scoped = await createDiscount({ type: "percent", value: 10, scope: { product_id: elsewhere.productId } });
    await expectError(await apply(customer, scoped.code), 422, "discount_not_applicable");
    const big = await createDiscount({ type: "fixed", value: 10_000, min_order: 100_001 });
    await expectError(await apply(customer, big.code), 422, "discount_min_order");
    const empty = await newGuest();
    await expectError(await apply(empty, big.code), 422, "discount_not_applicable");
    await expectError(await cartApi("/cart/discount", customer, { body: {} }), 400, "validation_error");
  });

  it("computes each discount type through the cart, with rounding, scope and the shipping rules", async () => {
    const cheap = await insertVariant({ ...SHELF, basePrice: 33_333 });
    const percent = await createDiscount({ type: "percent", value: 15 });
    const guest = await newGuest();
    await addItem(guest, cheap.id, 1);
    // 15 % of 33 333 = 4999.95 → 5000; tax inclusive on 28 333 = 2807.77 → 2808.
    expect(await json(await apply(guest, percent.code))).toMatchObject({
      discount_code: percent.code,
      subtotal: 33_333,
      discount: 5000,
      shipping: 20_000,
      tax: 2808,
      total: 48_333,
    });

    const fixed = await createDiscount({ type: "fixed", value: 50_000 });
    expect(await json(await apply(guest, fixed.code))).toMatchObject({
      discount_code: fixed.code, // one code per cart: it replaced the percent code
      subtotal: 33_333,
      discount: 33_333, // never more than the goods
      shipping: 20_000,
      tax: 0,
      total: 20_000,
    });

    const ship = await createDiscount({ type: "free_shipping" });
    expect(await json(await apply(guest, ship.code))).toMatchObject({ discount: 0, shipping: 0, tax: 3303, total: 33_333 });
    const removed = await json(await cartApi("/cart/discount", guest, { method: "DELETE" }));
    expect(removed).toMatchObject({ discount_code: null, shipping: 20_000, total: 53_333 });
    expect(removed.discount_reason).toBeUndefined();

    // Scope: only the store's line is discounted.
    const inStore = await insertVariant({ ...SHELF, basePrice: 200_000 });
    const otherStore = await insertVariant({ ...SHELF, basePrice: 100_000 });
    const storeCode = await createDiscount({ type: "percent", value: 10, scope: { store_id: inStore.storeId } });
    const scopedCart = await newGuest();
    await addItem(scopedCart, inStore.id, 1);
    await addItem(scopedCart, otherStore.id, 1);
    expect(await json(await apply(scopedCart, storeCode.code))).toMatchObject({ subtotal: 300_000, discount: 20_000 });
    // The threshold applies to the goods after the discount: 600 000 − 60 000 ≥ 500 000.
    const categoryCode = await createDiscount({ type: "percent", value: 10, scope: { category_id: inStore.categoryId } });
    await addItem(scopedCart, inStore.id, 2);
    expect(await json(await apply(scopedCart, categoryCode.code))).toMatchObject({
      subtotal: 700_000,
      discount: 60_000,
      shipping: 0,
    });
  });

  it("drops a code that stops applying, with the reason, and brings it back when it applies again", async () => {
    const v = await insertVariant({ ...SHELF, basePrice: 60_000 });
    const code = await createDiscount({ type: "fixed", value: 10_000, min_order: 100_000 });
    const customer = await registerCustomer();
    const cart = await addItem(customer, v.id, 2);
    expect(await json(await apply(customer, code.code))).toMatchObject({ discount: 10_000 });

    const lineId = cart.items[0].id;
    const below = await json(await cartApi(`/cart/items/${lineId}`, customer, { method: "PATCH", body: { quantity: 1 } }));
    expect(below).toMatchObject({ discount_code: null, discount_reason: "discount_min_order", discount: 0 });
    const again = await json(await cartApi(`/cart/items/${lineId}`, customer, { method: "PATCH", body: { quantity: 3 } }));
    expect(again).toMatchObject({ discount_code: code.code, discount: 10_000 });
    expect(again.discount_reason).toBeUndefined();

    // An admin ends the code: the cached view must not keep it.
    const admin = await userWithRole("admin");
    await api(`/admin/discounts/${code.id}`, { method: "PATCH", token: admin.token, body: { ends_at: at(-1000) } });
    expect(await json(await cartApi("/cart", customer))).toMatchObject({ discount_reason: "discount_expired", discount: 0 });
    await api(`/admin/discounts/${code.id}`, { method: "DELETE", token: admin.token });
    expect(await json(await cartApi("/cart", customer))).toMatchObject({ discount_reason: "discount_invalid", discount_code: null });
  });
});

describe("counting uses at order time", () => {
  it("lets 50 concurrent redeems of a 10-use code succeed exactly 10 times", async () => {
    const code = await createDiscount({ type: "percent", value: 10, usage_limit: 10 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => redeemDiscount({ env, db: db() }, code.id, `buyer-${i}`, `order-${code.id}-${i}`)),
    );
    expect(results.filter(Boolean)).toHaveLength(10);
    const [row] = await db().select().from(discounts).where(eq(discounts.id, code.id));
    expect(row?.usedCount).toBe(10);
    expect(await db().select().from(discountRedemptions).where(eq(discountRedemptions.discountId, code.id))).toHaveLength(10);
  });

  it("counts a retried order once, enforces the per-customer limit, and gives uses back", async () => {
    const code = await createDiscount({ type: "fixed", value: 100, usage_limit: 5, per_customer_limit: 2 });
    const order = crypto.randomUUID();
    expect(await redeemDiscount({ env, db: db() }, code.id, "ana", order)).toBe(true);
    expect(await redeemDiscount({ env, db: db() }, code.id, "ana", order)).toBe(true); // retry: same order, no second use
    expect(await redeemDiscount({ env, db: db() }, code.id, "ana", crypto.randomUUID())).toBe(true);
    expect(await redeemDiscount({ env, db: db() }, code.id, "ana", crypto.randomUUID())).toBe(false); // third use by ana
    const used = async () => (await db().select().from(discounts).where(eq(discounts.id, code.id)))[0]?.usedCount;
    expect(await used()).toBe(2);

    expect(await releaseDiscount({ env, db: db() }, code.id, order)).toBe(true);
    expect(await releaseDiscount({ env, db: db() }, code.id, order)).toBe(false);
    expect(await used()).toBe(1);
    expect(await redeemDiscount({ env, db: db() }, code.id, "ana", crypto.randomUUID())).toBe(true);
  });
});
