import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError, json } from "../helpers";
import { createCategory, createProduct, createStore, expectStatus, registerCustomer, uniq, userWithRole } from "../factories";

let admin: { token: string };

beforeAll(async () => {
  admin = await userWithRole("admin");
});

describe("categories", () => {
  it("serves the tree publicly, nested and ordered by position", async () => {
    const root = await createCategory(admin.token, { name: `Elektronik ${uniq()}` });
    const b = await expectStatus(
      await api("/admin/categories", { token: admin.token, body: { name: "Zeta Audio", parent_id: root.id, position: 1 } }),
      201,
    );
    const a = await expectStatus(
      await api("/admin/categories", { token: admin.token, body: { name: "Ponsel", parent_id: root.id, position: 0 } }),
      201,
    );
    const res = await api("/categories");
    expect(res.status).toBe(200);
    const node = (await json(res)).data.find((n: { id: string }) => n.id === root.id);
    expect(node.parent_id).toBeNull();
    expect(node.children.map((c: { id: string }) => c.id)).toEqual([a.id, b.id]);
    expect(node.children[0].children).toEqual([]);
  });

  it("serves the tree from the edge cache until a category write, then fresh", async () => {
    await (await api("/categories")).arrayBuffer();
    const cached = await api("/categories");
    expect(cached.headers.get("X-Cache")).toBe("HIT");
    await cached.arrayBuffer();
    const added = await createCategory(admin.token, { name: `Baru ${uniq()}` });
    const fresh = await api("/categories");
    expect(fresh.headers.get("X-Cache")).toBe("MISS");
    expect((await json(fresh)).data.map((n: { id: string }) => n.id)).toContain(added.id);
  });

  it("reads a category by slug with its breadcrumbs and children", async () => {
    const root = await createCategory(admin.token, { name: `Rumah ${uniq()}` });
    const mid = await createCategory(admin.token, { name: `Dapur ${uniq()}`, parent_id: root.id });
    const leaf = await createCategory(admin.token, { name: `Panci ${uniq()}`, parent_id: mid.id });
    const body = await expectStatus(await api(`/categories/${mid.slug}`), 200);
    expect(body.ancestors.map((c: { id: string }) => c.id)).toEqual([root.id]);
    expect(body.children.map((c: { id: string }) => c.id)).toEqual([leaf.id]);
    const deep = await expectStatus(await api(`/categories/${leaf.slug}`), 200);
    expect(deep.ancestors.map((c: { id: string }) => c.id)).toEqual([root.id, mid.id]);
    await expectError(await api("/categories/no-such-category"), 404, "not_found");
  });

  it("derives a slug from the name and refuses a taken one with 409", async () => {
    const name = `Sepatu Lari ${uniq()}`;
    const cat = await createCategory(admin.token, { name });
    expect(cat.slug).toBe(name.toLowerCase().replace(/ /g, "-"));
    await expectError(await api("/admin/categories", { token: admin.token, body: { name: "Other", slug: cat.slug } }), 409, "conflict");
    const other = await createCategory(admin.token, { name: `Tas ${uniq()}` });
    await expectError(
      await api(`/admin/categories/${other.id}`, { method: "PATCH", token: admin.token, body: { slug: cat.slug } }),
      409,
      "conflict",
    );
  });

  it("validates input: empty name, bad slug, unknown parent", async () => {
    await expectError(await api("/admin/categories", { token: admin.token, body: { name: "" } }), 400, "validation_error");
    await expectError(await api("/admin/categories", { token: admin.token, body: { name: "A", slug: "Not A Slug" } }), 400, "validation_error");
    const err = await expectError(
      await api("/admin/categories", { token: admin.token, body: { name: "Orphan", parent_id: "missing" } }),
      422,
      "unknown_category",
    );
    expect(err.details.field).toBe("parent_id");
  });

  it("moves a category, but never under itself or its own subtree", async () => {
    const a = await createCategory(admin.token, { name: `A ${uniq()}` });
    const b = await createCategory(admin.token, { name: `B ${uniq()}`, parent_id: a.id });
    const c = await createCategory(admin.token, { name: `C ${uniq()}`, parent_id: b.id });
    for (const target of [a.id, c.id]) {
      await expectError(
        await api(`/admin/categories/${a.id}`, { method: "PATCH", token: admin.token, body: { parent_id: target } }),
        422,
        "category_cycle",
      );
    }
    const moved = await expectStatus(
      await api(`/admin/categories/${c.id}`, { method: "PATCH", token: admin.token, body: { parent_id: a.id } }),
      200,
    );
    expect(moved.parent_id).toBe(a.id);
    const root = await expectStatus(
      await api(`/admin/categories/${b.id}`, { method: "PATCH", token: admin.token, body: { parent_id: null } }),
      200,
    );
    expect(root.parent_id).toBeNull();
  });

  it("refuses to delete a category with children or products, and deletes an empty one", async () => {
    const parent = await createCategory(admin.token, { name: `Parent ${uniq()}` });
    const child = await createCategory(admin.token, { name: `Child ${uniq()}`, parent_id: parent.id });
    await expectError(await api(`/admin/categories/${parent.id}`, { method: "DELETE", token: admin.token }), 409, "category_has_children");

    const store = await createStore(admin.token);
    const product = await createProduct(admin.token, { name: `Produk ${uniq()}`, base_price: 1000, category_id: child.id, store_id: store.id });
    await expectError(await api(`/admin/categories/${child.id}`, { method: "DELETE", token: admin.token }), 409, "category_has_products");
    // Soft-deleted products still point at their category.
    await expectStatus(await api(`/admin/products/${product.id}`, { method: "DELETE", token: admin.token }), 204);
    await expectError(await api(`/admin/categories/${child.id}`, { method: "DELETE", token: admin.token }), 409, "category_has_products");

    const empty = await createCategory(admin.token, { name: `Empty ${uniq()}` });
    await expectStatus(await api(`/admin/categories/${empty.id}`, { method: "DELETE", token: admin.token }), 204);
    await expectError(await api(`/categories/${empty.slug}`), 404, "not_found");
    await expectError(await api(`/admin/categories/${empty.id}`, { method: "DELETE", token: admin.token }), 404, "not_found");
  });

  it("lets admin and staff edit the global taxonomy; a seller only adds to their store's tree; customers get 403, guests 401", async () => {
    const staff = await userWithRole("staff");
    expect(await createCategory(staff.token, { name: `Staff ${uniq()}` })).toMatchObject({ store_id: null });
    const store = await createStore(admin.token);
    const seller = await userWithRole("seller", store.id);
    expect(await createCategory(seller.token, { name: `Seller ${uniq()}` })).toMatchObject({ store_id: store.id });
    const customer = await registerCustomer();
    await expectError(await api("/admin/categories", { token: customer.token, body: { name: "Nope" } }), 403, "forbidden");
    await expectError(await api("/admin/categories", { body: { name: "Nope" } }), 401, "unauthenticated");
  });
});
