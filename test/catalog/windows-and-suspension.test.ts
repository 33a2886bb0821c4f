import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { products } from "../../src/db/schema";
import { api, expectError, json } from "../helpers";
import { cartApi, catalogWorld, createProduct, createVariant, db, expectStatus, placeOrder, registerCustomer, uniq } from "../factories";

const HOUR = 60 * 60_000;
const at = (offset: number) => new Date(Date.now() + offset).toISOString();

async function searchIds(word: string): Promise<string[]> {
  return (await json(await api(`/products?search=${word}`))).data.map((p: { id: string }) => p.id);
}

describe("sale windows", () => {
  it("a product outside its window is hidden from reads and refused by cart and checkout", async () => {
    const w = await catalogWorld();
    const word = `win${uniq()}`;
    const later = await createProduct(w.seller.token, {
      name: `Flash ${word} later`,
      base_price: 1_000,
      category_id: w.child.id,
      available_from: at(HOUR),
      available_until: at(2 * HOUR),
    });
    const now = await createProduct(w.seller.token, {
      name: `Flash ${word} now`,
      base_price: 1_000,
      category_id: w.child.id,
      available_from: at(-HOUR),
      available_until: at(HOUR),
    });
    const variant = await createVariant(w.seller.token, now.id, { sku: `WN-${uniq()}`, stock: 5 });
    const early = await createVariant(w.seller.token, later.id, { sku: `WL-${uniq()}`, stock: 5 });

    expect(await searchIds(word)).toEqual([now.id]);
    await expectError(await api(`/products/${later.slug}`), 404, "not_found");
    await expectStatus(await api(`/products/${now.slug}`), 200);
    const listed = (await json(await api(`/products?category=${w.child.slug}&limit=100`))).data.map((p: { id: string }) => p.id);
    expect(listed).toContain(now.id);
    expect(listed).not.toContain(later.id);
    // Editors see both, with their windows.
    expect(await expectStatus(await api(`/admin/products/${later.id}`, { token: w.seller.token }), 200)).toMatchObject({
      available_from: expect.any(String),
      status: "active",
    });

    const customer = await registerCustomer();
    await expectError(await cartApi("/cart/items", customer, { body: { variant_id: early.id, quantity: 1 } }), 409, "product_unavailable");
    await expectStatus(await cartApi("/cart/items", customer, { body: { variant_id: variant.id, quantity: 1 } }), 200);
    // The window closes while the item sits in the cart: checkout refuses it.
    await db().update(products).set({ availableUntil: Date.now() - 1 }).where(eq(products.id, now.id));
    await expectError(await placeOrder(customer), 409, "product_unavailable");
  });

  it("a cached page holding a product ends when its window closes, not after the cache life", async () => {
    const w = await catalogWorld();
    const word = `ends${uniq()}`;
    const product = await createProduct(w.seller.token, { name: `Flash ${word}`, base_price: 1_000, category_id: w.child.id });
    await createVariant(w.seller.token, product.id, { sku: `WE-${uniq()}`, stock: 5 });
    const closesAt = Date.now() + 6_000;
    await expectStatus(await api(`/admin/products/${product.id}`, { method: "PATCH", token: w.seller.token, body: { available_until: new Date(closesAt).toISOString() } }), 200);

    const pages = [`/products?search=${word}`, `/products?category=${w.child.slug}&limit=100`, `/products/${product.slug}`, `/products/${product.id}/variants`];
    for (const path of pages) {
      for (const expected of ["MISS", "HIT"]) {
        const res = await api(path);
        expect({ path, status: res.status, cache: res.headers.get("X-Cache") }).toEqual({ path, status: 200, cache: expected });
        expect(JSON.stringify(await json(res))).toContain(product.id);
      }
    }
    // Closed, with no catalog write since: the cached pages are over too (their cache life is 300 s).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, closesAt - Date.now()) + 50));
    expect(await searchIds(word)).toEqual([]);
    const listed = (await json(await api(`/products?category=${w.child.slug}&limit=100`))).data.map((p: { id: string }) => p.id);
    expect(listed).not.toContain(product.id);
    await expectError(await api(`/products/${product.slug}`), 404, "not_found");
    await expectError(await api(`/products/${product.id}/variants`), 404, "not_found");
  });

  it("validates the window", async () => {
    const w = await catalogWorld();
    const body = { name: `Bad ${uniq()}`, base_price: 1, category_id: w.child.id, available_from: at(2 * HOUR), available_until: at(HOUR) };
    await expectError(await api("/admin/products", { token: w.seller.token, body }), 400, "validation_error");
    const p = await createProduct(w.seller.token, { ...body, available_until: at(3 * HOUR) });
    await expectError(
      await api(`/admin/products/${p.id}`, { method: "PATCH", token: w.seller.token, body: { available_until: at(HOUR) } }),
      400,
      "validation_error",
    );
  });
});

describe("store suspension", () => {
  it("an admin suspends a store: its products vanish from lists and reads, its checkout is refused; lifting it brings them back", async () => {
    const w = await catalogWorld();
    const word = `sus${uniq()}`;
    const product = await createProduct(w.seller.token, { name: `Suspended ${word}`, base_price: 1_000, category_id: w.child.id });
    const variant = await createVariant(w.seller.token, product.id, { sku: `SU-${uniq()}`, stock: 5 });
    const customer = await registerCustomer();
    await expectStatus(await cartApi("/cart/items", customer, { body: { variant_id: variant.id, quantity: 1 } }), 200);
    expect(await searchIds(word)).toEqual([product.id]);

    await expectError(await api(`/admin/stores/${w.store.id}`, { method: "PATCH", token: w.seller.token, body: { is_active: false } }), 403, "forbidden");
    await expectStatus(await api(`/admin/stores/${w.store.id}`, { method: "PATCH", token: w.admin.token, body: { is_active: false } }), 200);
    expect(await searchIds(word)).toEqual([]);
    expect((await json(await api(`/products?store=${w.store.id}`))).data).toEqual([]);
    await expectError(await api(`/products/${product.slug}`), 404, "not_found");
    await expectError(await placeOrder(customer), 409, "product_unavailable");

    await expectStatus(await api(`/admin/stores/${w.store.id}`, { method: "PATCH", token: w.admin.token, body: { is_active: true } }), 200);
    expect(await searchIds(word)).toEqual([product.id]);
    await expectStatus(await placeOrder(customer), 201);
  });
});
