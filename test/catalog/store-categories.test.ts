import { describe, expect, it } from "vitest";
import { api, expectError, json } from "../helpers";
import { catalogWorld, createCategory, createProduct, expectStatus, registerCustomer, uniq } from "../factories";

const slugsOf = (tree: { slug: string; children: unknown[] }[]): string[] =>
  tree.flatMap((n) => [n.slug, ...slugsOf(n.children as { slug: string; children: unknown[] }[])]);

describe("store categories", () => {
  it("a seller's category appears only under their store, and its products list under it", async () => {
    const w = await catalogWorld();
    const slug = `promo-${uniq()}`;
    const mine = await createCategory(w.seller.token, { name: "Promo", slug });
    expect(mine).toMatchObject({ store_id: w.store.id, parent_id: null });
    const sub = await createCategory(w.seller.token, { name: "Promo kids", parent_id: mine.id });

    const global = await json(await api("/categories"));
    expect(slugsOf(global.data)).not.toContain(slug);
    // A store's tree is the global one merged with its own: every category its products may use.
    type Node = { id: string; slug: string; store_id: string | null; children: Node[] };
    const ours = (await json(await api(`/categories?store=${w.store.slug}`))).data as Node[];
    expect(ours.filter((c) => c.store_id !== null).map((c) => c.id)).toEqual([mine.id]);
    expect(ours.find((c) => c.id === mine.id)?.children.map((c) => c.id)).toEqual([sub.id]);
    expect(ours.filter((c) => c.store_id === null)).toEqual(global.data);
    expect(ours.find((c) => c.id === w.root.id)?.children.map((c) => c.id)).toEqual([w.child.id]);
    const theirs = await json(await api(`/categories?store=${w.otherStore.id}`));
    expect(slugsOf(theirs.data)).not.toContain(slug);
    expect(theirs.data).toEqual(global.data);
    await expectError(await api(`/categories?store=no-such-store`), 404, "not_found");

    await expectError(await api(`/categories/${slug}`), 404, "not_found");
    const detail = await expectStatus(await api(`/categories/${slug}?store=${w.store.slug}`), 200);
    expect(detail.children.map((c: { id: string }) => c.id)).toEqual([sub.id]);
    // A global category listed in the store's tree resolves there too.
    expect((await expectStatus(await api(`/categories/${w.child.slug}?store=${w.store.slug}`), 200)).id).toBe(w.child.id);

    const product = await createProduct(w.seller.token, { name: `Promo shirt ${uniq()}`, base_price: 1_000, category_id: sub.id });
    const listed = await json(await api(`/products?store=${w.store.slug}&category=${slug}`));
    expect(listed.data.map((p: { id: string }) => p.id)).toEqual([product.id]);
  });

  it("slugs are unique within a tree: the same slug in the global tree and in two stores", async () => {
    const w = await catalogWorld();
    const slug = `sale-${uniq()}`;
    const global = await createCategory(w.admin.token, { name: "Sale", slug });
    const a = await createCategory(w.seller.token, { name: "Sale", slug });
    const b = await createCategory(w.otherSeller.token, { name: "Sale", slug });
    expect(new Set([global.store_id, a.store_id, b.store_id])).toEqual(new Set([null, w.store.id, w.otherStore.id]));
    await expectError(await api("/admin/categories", { token: w.seller.token, body: { name: "Sale again", slug } }), 409, "conflict");
    await expectError(await api("/admin/categories", { token: w.admin.token, body: { name: "Sale again", slug } }), 409, "conflict");
    // Staff may add to a store's tree too.
    await expectError(
      await api("/admin/categories", { token: w.admin.token, body: { name: "Sale again", slug, store_id: w.store.id } }),
      409,
      "conflict",
    );
    // By slug, a product list names the store's own category first, and the global one without a store.
    const inStore = await createProduct(w.seller.token, { name: `Sale A ${uniq()}`, base_price: 1_000, category_id: a.id });
    const inGlobal = await createProduct(w.seller.token, { name: `Sale G ${uniq()}`, base_price: 1_000, category_id: global.id });
    const list = async (query: string) => (await json(await api(`/products?${query}`))).data.map((p: { id: string }) => p.id);
    expect(await list(`category=${slug}&store=${w.store.slug}`)).toEqual([inStore.id]);
    expect(await list(`category=${slug}`)).toEqual([inGlobal.id]);
    // And so does the category read: the store's own first.
    expect((await json(await api(`/categories/${slug}?store=${w.store.slug}`))).id).toBe(a.id);
    expect((await json(await api(`/categories/${slug}`))).id).toBe(global.id);
  });

  it("one tree per scope: a parent from another tree, another store's category or a global one to edit is refused", async () => {
    const w = await catalogWorld();
    const theirs = await createCategory(w.otherSeller.token, { name: `Theirs ${uniq()}` });
    const mine = await createCategory(w.seller.token, { name: `Mine ${uniq()}` });

    await expectError(await api("/admin/categories", { token: w.seller.token, body: { name: "X", parent_id: w.root.id } }), 422, "unknown_category");
    await expectError(await api("/admin/categories", { token: w.seller.token, body: { name: "X", parent_id: theirs.id } }), 422, "unknown_category");
    await expectError(await api("/admin/categories", { token: w.admin.token, body: { name: "X", parent_id: mine.id } }), 422, "unknown_category");
    await expectError(
      await api("/admin/categories", { token: w.seller.token, body: { name: "X", store_id: w.otherStore.id } }),
      422,
      "unknown_store",
    );
    await expectError(await api(`/admin/categories/${mine.id}`, { method: "PATCH", token: w.seller.token, body: { parent_id: w.root.id } }), 422, "unknown_category");

    // Seller: others' and global categories are not theirs to see or change (404); a customer is 403.
    for (const id of [theirs.id, w.root.id]) {
      await expectError(await api(`/admin/categories/${id}`, { method: "PATCH", token: w.seller.token, body: { name: "Mine now" } }), 404, "not_found");
      await expectError(await api(`/admin/categories/${id}`, { method: "DELETE", token: w.seller.token }), 404, "not_found");
    }
    const customer = await registerCustomer();
    await expectError(await api("/admin/categories", { token: customer.token, body: { name: "X" } }), 403, "forbidden");

    // A store's category is usable by its own products only.
    await expectError(
      await api("/admin/products", { token: w.otherSeller.token, body: { name: "P", base_price: 1, category_id: mine.id } }),
      422,
      "unknown_category",
    );
    const product = await createProduct(w.admin.token, { name: `P ${uniq()}`, base_price: 1, category_id: mine.id, store_id: w.store.id });
    await expectError(
      await api(`/admin/products/${product.id}`, { method: "PATCH", token: w.admin.token, body: { store_id: w.otherStore.id } }),
      422,
      "unknown_category",
    );

    const renamed = await expectStatus(await api(`/admin/categories/${mine.id}`, { method: "PATCH", token: w.seller.token, body: { name: "Renamed" } }), 200);
    expect(renamed).toMatchObject({ name: "Renamed", store_id: w.store.id });
    const empty = await createCategory(w.seller.token, { name: `Empty ${uniq()}` });
    await expectStatus(await api(`/admin/categories/${empty.id}`, { method: "DELETE", token: w.seller.token }), 204);
  });
});
