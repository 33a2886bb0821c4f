import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { auditPageQuery } from "../../src/audit/queries";
import { imageForm, PNG } from "../catalog/fixtures";
import { catalogWorld, createCategory, createProduct, createVariant, db, expectStatus, registerCustomer, uniq, userWithRole } from "../factories";
import { api, expectError, json } from "../helpers";
import { expectIndexOrdered, planOf, walkPages } from "../support/pages";

type Entry = { actor_id: string; actor_role: string; action: string; object_type: string; object_id: string; changes: Record<string, { before: unknown; after: unknown }>; request_id: string };

async function entriesOf(adminToken: string, objectType: string, objectId: string): Promise<Entry[]> {
  return walkPages<Entry>(`/admin/audit-log?object_type=${objectType}&object_id=${objectId}`, adminToken);
}

describe("audit trail", () => {
  it("every admin write leaves exactly one row with the right before/after, actor, role and request id", async () => {
    const w = await catalogWorld();
    const sellerId = (await json(await api("/auth/me", { token: w.seller.token }))).id as string;

    // Product: created by the seller, changed, deleted and restored by the admin; each its own row.
    const product = await createProduct(w.seller.token, { name: "Kain", base_price: 5_000, category_id: w.child.id });
    expect({ created_by: product.created_by, updated_by: product.updated_by }).toEqual({ created_by: sellerId, updated_by: sellerId });
    const patch = await api(`/admin/products/${product.id}`, {
      method: "PATCH",
      token: w.admin.token,
      headers: { "X-Request-Id": `audit-${uniq()}` },
      body: { name: "Kain batik", base_price: 5_000 },
    });
    const patched = await expectStatus(patch, 200);
    expect(patched.updated_by).not.toBe(sellerId);
    await expectStatus(await api(`/admin/products/${product.id}`, { method: "DELETE", token: w.admin.token }), 204);
    await expectStatus(await api(`/admin/products/${product.id}/restore`, { method: "POST", token: w.admin.token }), 200);
    // A refused write leaves nothing.
    await expectError(await api(`/admin/products/${product.id}`, { method: "PATCH", token: w.otherSeller.token, body: { name: "Mine" } }), 404, "not_found");

    const rows = await entriesOf(w.admin.token, "product", product.id);
    expect(rows.map((r) => r.action)).toEqual(["restore", "delete", "update", "create"]);
    const [restore, del, update, create] = rows as [Entry, Entry, Entry, Entry];
    expect(create).toMatchObject({ actor_id: sellerId, actor_role: "seller" });
    expect(create.changes.name).toEqual({ before: null, after: "Kain" });
    expect(create.changes.store_id).toEqual({ before: null, after: w.store.id });
    // Only the field that changed: base_price was sent unchanged.
    expect(update).toMatchObject({ actor_role: "admin", request_id: patch.headers.get("X-Request-Id") });
    expect(update.changes).toEqual({ name: { before: "Kain", after: "Kain batik" } });
    expect(del.changes.deleted_at?.before).toBeNull();
    expect(typeof del.changes.deleted_at?.after).toBe("number");
    expect(restore.changes.deleted_at).toEqual({ before: del.changes.deleted_at?.after, after: null });

    // Variant, category, discount, store and user writes, one row each.
    const variant = await createVariant(w.seller.token, product.id, { sku: `AU-${uniq()}`, stock: 4 });
    await expectStatus(await api(`/admin/products/${product.id}/variants/${variant.id}`, { method: "PATCH", token: w.seller.token, body: { price: 7_000 } }), 200);
    expect((await entriesOf(w.admin.token, "variant", variant.id)).map((r) => [r.action, r.changes.price])).toEqual([
      ["update", { before: null, after: 7_000 }],
      ["create", { before: null, after: null }],
    ]);

    const uploaded = await json(await api(`/admin/products/${product.id}/images`, { token: w.seller.token, body: imageForm([{ bytes: PNG, name: "a.png" }]) }));
    const image = uploaded.data[0] as { id: string; created_by: string; updated_by: string };
    expect({ created_by: image.created_by, updated_by: image.updated_by }).toEqual({ created_by: sellerId, updated_by: sellerId });
    const imagePath = `/admin/products/${product.id}/images/${image.id}`;
    const edited = await expectStatus(await api(imagePath, { method: "PATCH", token: w.admin.token, body: { alt_text: "Front" } }), 200);
    expect(edited.created_by).toBe(sellerId);
    expect([sellerId, null]).not.toContain(edited.updated_by);
    await expectStatus(await api(imagePath, { method: "DELETE", token: w.seller.token }), 204);
    const imageRows = await entriesOf(w.admin.token, "image", image.id);
    expect(imageRows.map((r) => [r.action, r.changes.alt_text])).toEqual([
      ["delete", { before: "Front", after: null }],
      ["update", { before: "", after: "Front" }],
      ["create", { before: null, after: "" }],
    ]);

    const category = await createCategory(w.seller.token, { name: `Own ${uniq()}` });
    await expectStatus(await api(`/admin/categories/${category.id}`, { method: "DELETE", token: w.seller.token }), 204);
    const categoryRows = await entriesOf(w.admin.token, "category", category.id);
    expect(categoryRows.map((r) => r.action)).toEqual(["delete", "create"]);
    expect(categoryRows[0]?.changes.name).toEqual({ before: category.name, after: null });

    const discount = await expectStatus(await api("/admin/discounts", { token: w.admin.token, body: { code: `AU${uniq()}`, type: "percent", value: 10 } }), 201);
    await expectStatus(await api(`/admin/discounts/${discount.id}`, { method: "PATCH", token: w.admin.token, body: { value: 15 } }), 200);
    const discountRows = await entriesOf(w.admin.token, "discount", discount.id);
    expect(discountRows.map((r) => [r.action, r.changes.value])).toEqual([
      ["update", { before: 10, after: 15 }],
      ["create", { before: null, after: 10 }],
    ]);

    await expectStatus(await api(`/admin/stores/${w.otherStore.id}`, { method: "PATCH", token: w.admin.token, body: { name: "Renamed store" } }), 200);
    const [storeUpdate] = await entriesOf(w.admin.token, "store", w.otherStore.id);
    expect(storeUpdate?.changes).toEqual({ name: { before: w.otherStore.name, after: "Renamed store" } });

    const staff = await expectStatus(
      await api("/admin/users", { token: w.admin.token, body: { email: `au-${uniq()}@example.com`, password: "Velvet-Harbor-2026!", name: "Audit Staff", role: "staff" } }),
      201,
    );
    await expectStatus(await api(`/admin/users/${staff.id}`, { method: "PATCH", token: w.admin.token, body: { is_active: false } }), 200);
    const userRows = await entriesOf(w.admin.token, "user", staff.id);
    expect(userRows.map((r) => r.action)).toEqual(["update", "create"]);
    expect(userRows[0]?.changes).toEqual({ is_active: { before: true, after: false } });
    expect(JSON.stringify(userRows)).not.toContain("password");
  });

  it("filters by actor and time, pages by cursor, and is read by admins only", async () => {
    const w = await catalogWorld();
    const staff = await userWithRole("staff");
    const names = [uniq(), uniq(), uniq()];
    for (const name of names) await createCategory(staff.token, { name: `By staff ${name}` });
    const mine = await walkPages<Entry>(`/admin/audit-log?actor=${staff.userId}&limit=2`, w.admin.token);
    expect(mine.map((r) => r.changes.name?.after)).toEqual(names.map((n) => `By staff ${n}`).reverse());
    expect(await walkPages<Entry>(`/admin/audit-log?actor=${staff.userId}&to=2000-01-01`, w.admin.token)).toEqual([]);
    expect(await walkPages<Entry>(`/admin/audit-log?actor=${staff.userId}&from=2000-01-01`, w.admin.token)).toHaveLength(3);
    await expectError(await api(`/admin/audit-log?object_id=x`, { token: w.admin.token }), 400, "validation_error");

    await expectError(await api("/admin/audit-log", { token: staff.token }), 403, "forbidden");
    await expectError(await api("/admin/audit-log", { token: w.seller.token }), 403, "forbidden");
    await expectError(await api("/admin/audit-log", { token: (await registerCustomer()).token }), 403, "forbidden");
  });

  it("is append-only in D1, and each filter reads its index in order", async () => {
    await expect(env.DB.prepare("UPDATE audit_log SET action = 'x'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM audit_log").run()).rejects.toThrow(/append-only/);
    const cursor = btoa(JSON.stringify(["-created_at", Date.now(), "z"])).replace(/=+$/, "");
    const base = { limit: 20, cursor };
    expectIndexOrdered(await planOf(auditPageQuery(db(), base)), "audit_log_created_idx");
    expectIndexOrdered(await planOf(auditPageQuery(db(), { ...base, actor: "u" })), "audit_log_actor_idx");
    expectIndexOrdered(await planOf(auditPageQuery(db(), { ...base, object_type: "product", object_id: "p" })), "audit_log_object_idx");
  });
});
