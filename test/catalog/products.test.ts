import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError } from "../helpers";
import { catalogWorld, createProduct, createVariant, expectStatus, registerCustomer, uniq, userWithRole } from "../factories";

let w: Awaited<ReturnType<typeof catalogWorld>>;

beforeAll(async () => {
  w = await catalogWorld();
});

const productBody = (extra: Record<string, unknown> = {}) => ({
  name: `Kaos Polos ${uniq()}`,
  description: "Katun combed 30s",
  base_price: 89_000,
  category_id: w.child.id,
  store_id: w.store.id,
  ...extra,
});

describe("products admin", () => {
  it("creates a product with slug, currency from config and the author recorded", async () => {
    const p = await createProduct(w.admin.token, productBody({ name: "Kemeja Batik Parang" }));
    expect(p).toMatchObject({
      slug: "kemeja-batik-parang",
      base_price: 89_000,
      price: 89_000,
      currency: "IDR",
      is_active: true,
      store: { id: w.store.id },
      category: { id: w.child.id },
      variants: [],
      images: [],
      created_by: w.admin.userId,
      updated_by: w.admin.userId,
    });
    // The same name again gets a distinct generated slug; an explicit taken slug is a 409.
    const again = await createProduct(w.admin.token, productBody({ name: "Kemeja Batik Parang" }));
    expect(again.slug).toMatch(/^kemeja-batik-parang-[0-9a-f]{8}$/);
    await expectError(await api("/admin/products", { token: w.admin.token, body: productBody({ slug: p.slug }) }), 409, "conflict");
  });

  it("rejects every client mistake with a stable code", async () => {
    const post = (body: unknown) => api("/admin/products", { token: w.admin.token, body });
    await expectError(await post(productBody({ base_price: -1 })), 400, "validation_error");
    await expectError(await post(productBody({ base_price: 10.5 })), 400, "validation_error");
    await expectError(await post(productBody({ name: "" })), 400, "validation_error");
    await expectError(await post({ name: "No price" }), 400, "validation_error");
    const noStore = await expectError(await post(productBody({ store_id: undefined })), 400, "validation_error");
    expect(JSON.stringify(noStore.details)).toContain("store_id");
    expect((await expectError(await post(productBody({ category_id: "nope" })), 422, "unknown_category")).details.field).toBe("category_id");
    expect((await expectError(await post(productBody({ store_id: "nope" })), 422, "unknown_store")).details.field).toBe("store_id");
  });

  it("updates with PATCH (partial) and PUT (full), recording who changed it", async () => {
    const staff = await userWithRole("staff");
    const p = await createProduct(w.admin.token, productBody());
    const patched = await expectStatus(
      await api(`/admin/products/${p.id}`, { method: "PATCH", token: staff.token, body: { base_price: 75_000, is_active: false } }),
      200,
    );
    expect(patched).toMatchObject({ base_price: 75_000, price: 75_000, is_active: false, name: p.name, updated_by: staff.userId, created_by: w.admin.userId });
    await expectError(await api(`/admin/products/${p.id}`, { method: "PUT", token: staff.token, body: { name: "Only a name" } }), 400, "validation_error");
    const put = await expectStatus(
      await api(`/admin/products/${p.id}`, { method: "PUT", token: staff.token, body: productBody({ name: "Kaos Baru", category_id: w.root.id }) }),
      200,
    );
    expect(put).toMatchObject({ name: "Kaos Baru", category: { id: w.root.id }, base_price: 89_000, is_active: true });
    await expectError(await api(`/admin/products/${p.id}`, { method: "PATCH", token: staff.token, body: { category_id: "nope" } }), 422, "unknown_category");
  });

  it("adds variants whose price overrides the base price and whose stock shows as availability", async () => {
    const p = await createProduct(w.admin.token, productBody({ base_price: 100_000 }));
    const plain = await createVariant(w.admin.token, p.id, { sku: `SKU-${uniq()}`, size: "M", color: "Hitam", stock: 7 });
    expect(plain).toMatchObject({ price: null, effective_price: 100_000, currency: "IDR", on_hand: 7, reserved: 0, available: 7, in_stock: true });
    const dear = await createVariant(w.admin.token, p.id, { sku: `SKU-${uniq()}`, size: "XXL", price: 120_000 });
    expect(dear).toMatchObject({ effective_price: 120_000, available: 0, in_stock: false });
    const cheap = await createVariant(w.admin.token, p.id, { sku: `SKU-${uniq()}`, size: "S", price: 90_000, stock: 1 });

    const listed = await expectStatus(await api(`/products/${p.slug}`), 200);
    expect(listed.price).toBe(90_000); // the listing price follows the cheapest live variant
    expect(listed.variants.map((v: { id: string }) => v.id)).toEqual([plain.id, dear.id, cheap.id]);

    const changed = await expectStatus(
      await api(`/admin/products/${p.id}/variants/${cheap.id}`, { method: "PATCH", token: w.admin.token, body: { price: null, color: "Putih" } }),
      200,
    );
    expect(changed).toMatchObject({ price: null, effective_price: 100_000, color: "Putih", available: 1 });
    await expectStatus(await api(`/admin/products/${p.id}/variants/${plain.id}`, { method: "DELETE", token: w.admin.token }), 204);
    const after = await expectStatus(await api(`/products/${p.id}/variants`), 200);
    expect(after.data.map((v: { id: string }) => v.id)).toEqual([dear.id, cheap.id]);
    expect((await expectStatus(await api(`/products/${p.slug}`), 200)).price).toBe(100_000);
  });

  it("refuses a duplicate SKU with 409 and bad variant input with 400", async () => {
    const p = await createProduct(w.admin.token, productBody());
    const sku = `DUP-${uniq()}`;
    const v = await createVariant(w.admin.token, p.id, { sku });
    await expectError(await api(`/admin/products/${p.id}/variants`, { token: w.admin.token, body: { sku } }), 409, "conflict");
    const other = await createVariant(w.admin.token, p.id, { sku: `${sku}-B` });
    await expectError(
      await api(`/admin/products/${p.id}/variants/${other.id}`, { method: "PATCH", token: w.admin.token, body: { sku } }),
      409,
      "conflict",
    );
    for (const body of [{ sku: "" }, { sku: "has space" }, { sku: `N-${uniq()}`, price: -5 }, { sku: `N-${uniq()}`, stock: -1 }, { sku: `N-${uniq()}`, stock: 1.5 }]) {
      await expectError(await api(`/admin/products/${p.id}/variants`, { token: w.admin.token, body }), 400, "validation_error");
    }
    await expectError(await api(`/admin/products/${p.id}/variants/nope`, { method: "PATCH", token: w.admin.token, body: { size: "L" } }), 404, "not_found");
    expect(v.sku).toBe(sku);
  });

  it("lets a seller work in their own store only; another store's product is a 404", async () => {
    const own = await createProduct(w.seller.token, productBody({ store_id: undefined }));
    expect(own.store.id).toBe(w.store.id);
    await expectError(await api("/admin/products", { token: w.seller.token, body: productBody({ store_id: w.otherStore.id }) }), 422, "unknown_store");

    const foreign = await createProduct(w.otherSeller.token, productBody({ store_id: w.otherStore.id }));
    const v = await createVariant(w.otherSeller.token, foreign.id, { sku: `F-${uniq()}` });
    const t = w.seller.token;
    await expectError(await api(`/admin/products/${foreign.id}`, { token: t }), 404, "not_found");
    await expectError(await api(`/admin/products/${foreign.id}`, { method: "PATCH", token: t, body: { name: "Mine" } }), 404, "not_found");
    await expectError(await api(`/admin/products/${foreign.id}`, { method: "DELETE", token: t }), 404, "not_found");
    await expectError(await api(`/admin/products/${foreign.id}/variants`, { token: t, body: { sku: `X-${uniq()}` } }), 404, "not_found");
    await expectError(await api(`/admin/products/${foreign.id}/variants/${v.id}`, { method: "PATCH", token: t, body: { size: "L" } }), 404, "not_found");
    // Nor can a seller move their own product into another store.
    await expectError(await api(`/admin/products/${own.id}`, { method: "PATCH", token: t, body: { store_id: w.otherStore.id } }), 422, "unknown_store");
    // Admin and staff reach every store.
    await expectStatus(await api(`/admin/products/${foreign.id}`, { token: w.admin.token }), 200);
  });

  it("forbids customers (403) and guests (401)", async () => {
    const customer = await registerCustomer();
    await expectError(await api("/admin/products", { token: customer.token, body: productBody() }), 403, "forbidden");
    await expectError(await api("/admin/products", { body: productBody() }), 401, "unauthenticated");
  });

  it("soft-deletes: the product leaves every public read but keeps its row", async () => {
    const p = await createProduct(w.admin.token, productBody({ name: `Sandal Jepit ${uniq()}` }));
    await createVariant(w.admin.token, p.id, { sku: `SD-${uniq()}`, stock: 3 });
    await expectStatus(await api(`/products/${p.slug}`), 200);
    await expectStatus(await api(`/admin/products/${p.id}`, { method: "DELETE", token: w.admin.token }), 204);
    await expectError(await api(`/products/${p.slug}`), 404, "not_found");
    await expectError(await api(`/products/${p.id}/variants`), 404, "not_found");
    const list = await expectStatus(await api(`/products?search=${encodeURIComponent(p.name)}`), 200);
    expect(list.data).toEqual([]);
    // Editors still read it by id (to restore it), marked deleted; it takes no more edits.
    expect(await expectStatus(await api(`/admin/products/${p.id}`, { token: w.admin.token }), 200)).toMatchObject({ status: "deleted" });
    await expectError(await api(`/admin/products/${p.id}`, { method: "PATCH", token: w.admin.token, body: { name: "Back" } }), 404, "not_found");
    // The slug stays taken: orders may still name the product.
    await expectError(await api("/admin/products", { token: w.admin.token, body: productBody({ slug: p.slug }) }), 409, "conflict");
  });

  it("hides inactive products from public reads", async () => {
    const p = await createProduct(w.admin.token, productBody({ is_active: false }));
    await expectError(await api(`/products/${p.slug}`), 404, "not_found");
    await expectStatus(await api(`/admin/products/${p.id}`, { token: w.admin.token }), 200);
  });
});

describe("catalog in the OpenAPI document", () => {
  it("documents every catalog path, the upload as multipart, and the error shape", async () => {
    const doc = await expectStatus(await api("/api/openapi.json"), 200);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/categories",
        "/api/v1/categories/{slug}",
        "/api/v1/products",
        "/api/v1/products/{slug}",
        "/api/v1/products/{id}/variants",
        "/api/v1/media/{key}",
        "/api/v1/admin/categories/{id}",
        "/api/v1/admin/products/{id}",
        "/api/v1/admin/products/{id}/variants/{variant_id}",
        "/api/v1/admin/products/{id}/images/{image_id}",
      ]),
    );
    const upload = doc.paths["/api/v1/admin/products/{id}/images"].post;
    expect(Object.keys(upload.requestBody.content)).toEqual(["multipart/form-data"]);
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(["201", "413", "415"]));
    expect(Object.keys(doc.paths["/api/v1/admin/products/{id}"])).toEqual(expect.arrayContaining(["get", "put", "patch", "delete"]));
  });
});
