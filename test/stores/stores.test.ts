import { describe, expect, it } from "vitest";
import { api, expectError, json } from "../helpers";
import { registerCustomer, STRONG_PASSWORD, uniqueEmail, userWithRole } from "../factories";

describe("stores and staff accounts", () => {
  it("lets an admin create and edit stores that the public can read", async () => {
    const admin = await userWithRole("admin");
    const created = await api("/admin/stores", { token: admin.token, body: { name: "Toko Batik Sekar" } });
    expect(created.status).toBe(201);
    const store = await json(created);
    expect(store).toMatchObject({ slug: "toko-batik-sekar", is_active: true });

    expect((await api(`/stores/${store.slug}`)).status).toBe(200);
    const list = await json(await api("/stores?page_size=5"));
    expect(list.pagination).toMatchObject({ page: 1, page_size: 5 });
    expect(list.data.map((s: { id: string }) => s.id)).toContain(store.id);

    await expectError(await api("/admin/stores", { token: admin.token, body: { name: "Toko Batik Sekar" } }), 409, "conflict");
    const hidden = await api(`/admin/stores/${store.id}`, { method: "PATCH", token: admin.token, body: { is_active: false } });
    expect(hidden.status).toBe(200);
    await expectError(await api(`/stores/${store.slug}`), 404, "not_found");
  });

  it("keeps store admin to admins", async () => {
    const customer = await registerCustomer();
    await expectError(await api("/admin/stores", { token: customer.token, body: { name: "X" } }), 403, "forbidden");
    const staff = await userWithRole("staff");
    await expectError(await api("/admin/stores", { token: staff.token, body: { name: "X" } }), 403, "forbidden");
    const admin = await userWithRole("admin");
    await expectError(await api("/admin/stores", { token: admin.token, body: { name: "" } }), 400, "validation_error");
    await expectError(await api("/admin/stores/missing", { method: "PATCH", token: admin.token, body: { name: "Y" } }), 404, "not_found");
  });

  it("creates a seller who belongs to a store, and refuses a seller without one", async () => {
    const admin = await userWithRole("admin");
    const store = await json(await api("/admin/stores", { token: admin.token, body: { name: "Kopi Nusantara" } }));
    const email = uniqueEmail("seller");
    const noStore = await api("/admin/users", {
      token: admin.token,
      body: { email, password: STRONG_PASSWORD, name: "Seller", role: "seller" },
    });
    await expectError(noStore, 400, "validation_error");
    const seller = await api("/admin/users", {
      token: admin.token,
      body: { email, password: STRONG_PASSWORD, name: "Seller", role: "seller", store_id: store.id },
    });
    expect(seller.status).toBe(201);
    const login = await json(await api("/auth/login", { body: { email, password: STRONG_PASSWORD } }));
    const claims = JSON.parse(atob(login.access_token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    expect(claims).toMatchObject({ role: "seller", store_id: store.id });
  });
});
