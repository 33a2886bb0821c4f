import { describe, expect, it } from "vitest";
import { api, json } from "../helpers";
import { addItem, cartApi, registerCustomer, userWithRole } from "../factories";

describe("a price change made through the catalog API", () => {
  it("reaches a cached cart view on the next read", async () => {
    const admin = await userWithRole("admin");
    const store = await json(await api("/admin/stores", { token: admin.token, body: { name: "Toko Harga" } }));
    const category = await json(await api("/admin/categories", { token: admin.token, body: { name: "Harga" } }));
    const product = await json(
      await api("/admin/products", {
        token: admin.token,
        body: { name: "Sandal Jepit", description: "", base_price: 50_000, category_id: category.id, store_id: store.id, is_active: true },
      }),
    );
    const variant = await json(await api(`/admin/products/${product.id}/variants`, { token: admin.token, body: { sku: "SJ-42", size: "42", stock: 5 } }));

    const customer = await registerCustomer();
    await addItem(customer, variant.id, 1);
    expect((await json(await cartApi("/cart", customer))).items[0]).toMatchObject({ unit_price: 50_000 });

    const patched = await api(`/admin/products/${product.id}/variants/${variant.id}`, { method: "PATCH", token: admin.token, body: { price: 45_000 } });
    expect(patched.status).toBe(200);
    const view = await json(await cartApi("/cart", customer));
    expect(view.items[0]).toMatchObject({ unit_price: 45_000, price_changed: true });
    expect(view.subtotal).toBe(45_000);
  });
});
