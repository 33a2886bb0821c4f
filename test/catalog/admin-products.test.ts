import { describe, expect, it } from "vitest";
import { api, expectError, json } from "../helpers";
import { createDb } from "../../src/db/client";
import { env } from "cloudflare:workers";
import { adminProductsPageQuery } from "../../src/catalog/admin-products-list";
import { catalogWorld, createProduct, createVariant, expectStatus, registerCustomer, uniq } from "../factories";
import { expectIndexOrdered, planOf, walkPages } from "../support/pages";

async function world() {
  const w = await catalogWorld();
  const make = (token: string, store: string, name: string, extra: Record<string, unknown> = {}) =>
    createProduct(token, { name, base_price: 10_000, category_id: w.child.id, store_id: store, ...extra });
  const word = `zq${uniq()}`;
  const live = await make(w.seller.token, w.store.id, `Kaos ${word} live`);
  const hidden = await make(w.seller.token, w.store.id, `Kaos ${word} hidden`, { is_active: false });
  const gone = await make(w.seller.token, w.store.id, `Kaos ${word} gone`);
  const theirs = await make(w.admin.token, w.otherStore.id, `Kaos ${word} theirs`);
  await expectStatus(await api(`/admin/products/${gone.id}`, { method: "DELETE", token: w.seller.token }), 204);
  return { ...w, word, live, hidden, gone, theirs };
}

const ids = (body: Record<string, any>) => (body.data as { id: string }[]).map((p) => p.id);

describe("GET /admin/products", () => {
  it("lists by status for staff across stores and for a seller in their store only", async () => {
    const w = await world();
    const list = async (token: string, query: string) => json(await api(`/admin/products?search=${w.word}&${query}`, { token }));

    expect(new Set(ids(await list(w.admin.token, "")))).toEqual(new Set([w.live.id, w.hidden.id, w.theirs.id]));
    expect(ids(await list(w.admin.token, "status=deleted"))).toEqual([w.gone.id]);
    expect(ids(await list(w.admin.token, "status=inactive"))).toEqual([w.hidden.id]);
    expect(ids(await list(w.admin.token, `status=active&store=${w.otherStore.id}`))).toEqual([w.theirs.id]);

    const deleted = (await list(w.admin.token, "status=deleted")).data[0];
    expect(deleted).toMatchObject({ status: "deleted", store_id: w.store.id, created_by: expect.any(String), updated_by: expect.any(String) });
    expect(deleted.deleted_at).not.toBeNull();

    // A seller's list is their store's whatever `store` says.
    expect(new Set(ids(await list(w.seller.token, "")))).toEqual(new Set([w.live.id, w.hidden.id]));
    expect(ids(await list(w.seller.token, `store=${w.otherStore.id}`)).sort()).toEqual([w.live.id, w.hidden.id].sort());
    expect(ids(await list(w.otherSeller.token, ""))).toEqual([w.theirs.id]);
    expect(ids(await list(w.otherSeller.token, "status=deleted"))).toEqual([]);
  });

  it("searches the name, slug or an exact SKU, with LIKE wildcards taken literally", async () => {
    const w = await world();
    const sku = `SKU-${uniq()}`.toUpperCase();
    await createVariant(w.seller.token, w.live.id, { sku, stock: 1 });
    expect(ids(await json(await api(`/admin/products?search=${sku.toLowerCase()}`, { token: w.admin.token })))).toEqual([w.live.id]);
    expect(ids(await json(await api(`/admin/products?search=${w.live.slug}`, { token: w.admin.token })))).toEqual([w.live.id]);
    expect(ids(await json(await api(`/admin/products?search=${w.word}%25hidden`, { token: w.admin.token })))).toEqual([]);
  });

  it("walks cursor pages without skipping or repeating, counts when asked, and refuses a foreign cursor", async () => {
    const w = await world();
    const all = await walkPages<{ id: string }>(`/admin/products?search=${w.word}&status=active&limit=1`, w.admin.token);
    expect(all.map((p) => p.id)).toEqual([w.theirs.id, w.live.id]);
    const oldest = await walkPages<{ id: string }>(`/admin/products?search=${w.word}&ordering=created_at&limit=1`, w.admin.token);
    expect(oldest.map((p) => p.id)).toEqual([w.live.id, w.hidden.id, w.theirs.id]);
    const counted = await json(await api(`/admin/products?search=${w.word}&limit=1&include=total`, { token: w.admin.token }));
    expect({ total: counted.total, capped: counted.total_capped, has_more: counted.has_more }).toEqual({ total: 3, capped: false, has_more: true });
    const first = await json(await api(`/admin/products?limit=1`, { token: w.admin.token }));
    await expectError(await api(`/admin/products?ordering=created_at&cursor=${first.next_cursor}`, { token: w.admin.token }), 400, "validation_error");
  });

  it("reads each page off an index in its ordering, across stores and per store", async () => {
    const db = createDb(env.DB);
    const cursor = btoa(JSON.stringify(["-created_at", Date.now(), "z"])).replace(/=+$/, "");
    const staff = { id: "s", role: "staff" as const, storeId: null };
    const seller = { id: "x", role: "seller" as const, storeId: "store-1" };
    const q = { limit: 20, ordering: "-created_at" as const, cursor };
    expectIndexOrdered(await planOf(adminProductsPageQuery(db, staff, q)), "products_created_idx");
    expectIndexOrdered(await planOf(adminProductsPageQuery(db, seller, { ...q, status: "deleted" })), "products_store_all_created_idx");
  });

  it("answers a customer 403 and a guest 401", async () => {
    const customer = await registerCustomer();
    await expectError(await api("/admin/products", { token: customer.token }), 403, "forbidden");
    await expectError(await api("/admin/products"), 401, "unauthenticated");
  });
});

describe("POST /admin/products/{id}/restore", () => {
  it("brings a deleted product back into search, the product page and the admin list", async () => {
    const w = await world();
    const search = async () => ids(await json(await api(`/products?search=${w.word}`)));
    expect(await search()).not.toContain(w.gone.id);
    expect((await api(`/products/${w.gone.slug}`)).status).toBe(404);

    const restored = await expectStatus(await api(`/admin/products/${w.gone.id}/restore`, { method: "POST", token: w.admin.token }), 200);
    expect(restored).toMatchObject({ id: w.gone.id, status: "active", deleted_at: null });
    expect(await search()).toContain(w.gone.id);
    await expectStatus(await api(`/products/${w.gone.slug}`), 200);
    expect(ids(await json(await api(`/admin/products?search=${w.word}&status=deleted`, { token: w.admin.token })))).toEqual([]);

    // Restoring a live product changes nothing.
    const again = await expectStatus(await api(`/admin/products/${w.gone.id}/restore`, { method: "POST", token: w.admin.token }), 200);
    expect(again.updated_at).toBe(restored.updated_at);
  });

  it("is the seller's for their store only: another store's seller gets 404, a customer 403", async () => {
    const w = await world();
    await expectError(await api(`/admin/products/${w.gone.id}/restore`, { method: "POST", token: w.otherSeller.token }), 404, "not_found");
    const customer = await registerCustomer();
    await expectError(await api(`/admin/products/${w.gone.id}/restore`, { method: "POST", token: customer.token }), 403, "forbidden");
    await expectError(await api(`/admin/products/nope/restore`, { method: "POST", token: w.admin.token }), 404, "not_found");
    await expectStatus(await api(`/admin/products/${w.gone.id}/restore`, { method: "POST", token: w.seller.token }), 200);
  });

  it("restores a deleted variant to the product page", async () => {
    const w = await world();
    const variant = await createVariant(w.seller.token, w.live.id, { sku: `RV-${uniq()}`, stock: 3 });
    const path = `/admin/products/${w.live.id}/variants/${variant.id}`;
    await expectStatus(await api(path, { method: "DELETE", token: w.seller.token }), 204);
    const shown = async () => (await json(await api(`/products/${w.live.slug}`))).variants.map((v: { id: string }) => v.id);
    expect(await shown()).toEqual([]);
    await expectError(await api(`${path}/restore`, { method: "POST", token: w.otherSeller.token }), 404, "not_found");
    const restored = await expectStatus(await api(`${path}/restore`, { method: "POST", token: w.seller.token }), 200);
    expect(restored).toMatchObject({ id: variant.id, sku: variant.sku });
    expect(await shown()).toEqual([variant.id]);
  });
});
