import { beforeAll, describe, expect, it, vi } from "vitest";
import { api, expectError, json } from "../helpers";
import { insertProduct, insertVariant, userWithRole } from "../factories";

type Tokens = Record<"admin" | "staff" | "seller" | "otherSeller" | "customer", string>;

describe("admin inventory endpoints", () => {
  let tokens: Tokens;
  let storeId: string;
  let otherStoreId: string;

  beforeAll(async () => {
    ({ storeId } = await insertProduct());
    ({ storeId: otherStoreId } = await insertProduct());
    const [admin, staff, seller, otherSeller, customer] = await Promise.all([
      userWithRole("admin"),
      userWithRole("staff"),
      userWithRole("seller", storeId),
      userWithRole("seller", otherStoreId),
      userWithRole("customer"),
    ]);
    tokens = {
      admin: admin.token,
      staff: staff.token,
      seller: seller.token,
      otherSeller: otherSeller.token,
      customer: customer.token,
    };
  });

  const adjust = (variantId: string, body: unknown, token: string, headers?: Record<string, string>) =>
    api(`/admin/variants/${variantId}/stock`, { body, token, ...(headers ? { headers } : {}) });

  describe("POST /admin/variants/{id}/stock", () => {
    it("adds by delta and sets a count, answering with the object's new state", async () => {
      const v = await insertVariant({ stock: 10, storeId });
      const res = await adjust(v.id, { delta: 5, reason: "restock" }, tokens.admin);
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ variant_id: v.id, on_hand: 15, reserved: 0, available: 15, holds: [] });

      await v.stub.reserve("order-x", 4, 60_000);
      const set = await json(await adjust(v.id, { set: 7, reason: "recount" }, tokens.staff));
      expect(set).toMatchObject({ on_hand: 7, reserved: 4, available: 3 });
      expect(set.holds).toEqual([{ order_id: "order-x", qty: 4, expires_at: expect.any(String) }]);
    });

    it("refuses to go below what is held with 409 below_held", async () => {
      const v = await insertVariant({ stock: 5, storeId });
      await v.stub.reserve("order-y", 3, 60_000);
      const error = await expectError(await adjust(v.id, { set: 2, reason: "recount" }, tokens.admin), 409, "below_held");
      expect(error.details).toMatchObject({ variant_id: v.id, available: 2 });
      expect((await v.stub.state()).on_hand).toBe(5);
    });

    it("starts a variant that never had stock from zero", async () => {
      const v = await insertVariant({ storeId });
      expect(await json(await adjust(v.id, { delta: 3, reason: "first delivery" }, tokens.admin))).toMatchObject({
        on_hand: 3,
      });
    });

    it("applies a change once per Idempotency-Key", async () => {
      const v = await insertVariant({ stock: 1, storeId });
      const headers = { "Idempotency-Key": "restock-42" };
      await adjust(v.id, { delta: 2, reason: "restock" }, tokens.admin, headers);
      const again = await json(await adjust(v.id, { delta: 2, reason: "restock" }, tokens.admin, headers));
      expect(again.on_hand).toBe(3);
    });

    it("validates: exactly one of delta or set, integers, a reason", async () => {
      const v = await insertVariant({ stock: 1, storeId });
      for (const body of [
        { delta: 1, set: 2, reason: "both" },
        { reason: "neither" },
        { delta: 1.5, reason: "fraction" },
        { delta: 0, reason: "nothing" },
        { set: -1, reason: "negative" },
        { delta: 1 },
        { delta: 1, reason: "   " },
      ]) {
        await expectError(await adjust(v.id, body, tokens.admin), 400, "validation_error");
      }
      expect((await v.stub.state()).on_hand).toBe(1);
    });

    it("answers 404 for an unknown variant", async () => {
      await expectError(await adjust("no-such-variant", { delta: 1, reason: "x" }, tokens.admin), 404, "not_found");
    });

    it("lets a seller adjust their own store's variants only; another store's is a 404", async () => {
      const own = await insertVariant({ stock: 1, storeId });
      const other = await insertVariant({ stock: 1, storeId: otherStoreId });
      expect((await adjust(own.id, { delta: 1, reason: "restock" }, tokens.seller)).status).toBe(200);
      await expectError(await adjust(other.id, { delta: 1, reason: "restock" }, tokens.seller), 404, "not_found");
      expect((await other.stub.state()).on_hand).toBe(1);
    });

    it("is closed to customers (403) and guests (401)", async () => {
      const v = await insertVariant({ stock: 1, storeId });
      await expectError(await adjust(v.id, { delta: 1, reason: "x" }, tokens.customer), 403, "forbidden");
      await expectError(await api(`/admin/variants/${v.id}/stock`, { body: { delta: 1, reason: "x" } }), 401, "unauthenticated");
    });
  });

  describe("GET /admin/inventory and /admin/inventory/low-stock", () => {
    it("lists variants from the read model, filtered by search and store, scoped for sellers", async () => {
      const mine = await insertVariant({ stock: 12, storeId, sku: `LIST-MINE-${Date.now()}` });
      const theirs = await insertVariant({ stock: 4, storeId: otherStoreId, sku: `LIST-THEIRS-${Date.now()}` });
      await mine.stub.reserve("order-l", 2, 60_000);

      const row = await vi.waitFor(
        async () => {
          const body = await json(await api(`/admin/inventory?search=${mine.sku}`, { token: tokens.admin }));
          expect(body.data).toHaveLength(1);
          expect(body.data[0]).toMatchObject({ sku: mine.sku, on_hand: 12, reserved: 2, available: 10, store_id: storeId });
          return body.data[0];
        },
        { timeout: 30_000, interval: 25 },
      );
      expect(row).toMatchObject({ variant_id: mine.id, product_id: mine.productId, product_name: expect.any(String) });

      const byStore = await json(await api(`/admin/inventory?store=${otherStoreId}&limit=100`, { token: tokens.staff }));
      expect(byStore.data.map((r: { variant_id: string }) => r.variant_id)).toContain(theirs.id);
      expect(byStore.data.every((r: { store_id: string }) => r.store_id === otherStoreId)).toBe(true);

      const seller = await json(await api("/admin/inventory?limit=100&include=total", { token: tokens.seller }));
      expect(seller.total).toBeGreaterThan(0);
      expect(seller.data.every((r: { store_id: string }) => r.store_id === storeId)).toBe(true);
      const sellerAsksOther = await json(await api(`/admin/inventory?store=${otherStoreId}`, { token: tokens.seller }));
      expect(sellerAsksOther.data).toEqual([]);

      await expectError(await api("/admin/inventory", { token: tokens.customer }), 403, "forbidden");
      await expectError(await api("/admin/inventory?limit=500", { token: tokens.admin }), 400, "validation_error");
    });

    it("lists variants below a threshold with the units to add to reach it", async () => {
      const { storeId: lowStore } = await insertProduct();
      const low = await insertVariant({ stock: 3, storeId: lowStore });
      const empty = await insertVariant({ stock: 0, storeId: lowStore });
      await insertVariant({ stock: 50, storeId: lowStore });
      await vi.waitFor(
        async () => {
          const body = await json(await api(`/admin/inventory/low-stock?threshold=10&store=${lowStore}`, { token: tokens.admin }));
          expect(body.data.map((r: { variant_id: string; units_to_add: number }) => [r.variant_id, r.units_to_add])).toEqual([
            [empty.id, 10],
            [low.id, 7],
          ]);
        },
        { timeout: 30_000, interval: 25 },
      );
      await expectError(await api("/admin/inventory/low-stock?threshold=0", { token: tokens.admin }), 400, "validation_error");
    });

    it("documents the endpoints in the OpenAPI document", async () => {
      const res = await api("/api/openapi.json");
      const doc = await json(res);
      expect(res.status, JSON.stringify(doc).slice(0, 500)).toBe(200);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          "/api/v1/admin/variants/{id}/stock",
          "/api/v1/admin/inventory",
          "/api/v1/admin/inventory/low-stock",
        ]),
      );
    });
  });
});
