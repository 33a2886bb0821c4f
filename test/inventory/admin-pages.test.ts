import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { productVariants } from "../../src/db/schema";
import { inventoryPageQuery, lowStockPageQuery } from "../../src/inventory/queries";
import { cursorQuery, encodeCursor } from "../../src/lib/cursor";
import { api, json } from "../helpers";
import { expectIndexOrdered, planOf, walkPages } from "../support/pages";
import { db, insertVariant, userWithRole } from "../factories";

let admin: { token: string };
beforeAll(async () => {
  admin = await userWithRole("admin");
});

describe("GET /admin/inventory in cursor pages", () => {
  it("walks by SKU and by emptiest first without skipping or repeating while variants come and go", async () => {
    const sku = (n: number) => `PAGE-${String(n).padStart(2, "0")}`;
    // Read-model rows as the stock objects would have written them; equal availability on purpose.
    const ids = new Map<number, string>();
    for (let n = 10; n < 17; n++) ids.set(n, (await insertVariant({ sku: sku(n), available: n % 3 })).id);
    const bySku = await walkPages<{ sku: string }>("/admin/inventory?search=PAGE-&limit=2", admin.token, async (page) => {
      // A SKU sorting before the cursor arrives, and one not reached yet is deleted: neither disturbs the walk.
      await insertVariant({ sku: `PAGE-0${page}` });
      if (page === 1) await db().update(productVariants).set({ deletedAt: Date.now() }).where(eq(productVariants.id, ids.get(15)!));
    });
    expect(bySku.map((r) => r.sku)).toEqual([10, 11, 12, 13, 14, 16].map(sku));

    const all = (await json(await api("/admin/inventory/low-stock?search=PAGE-1&threshold=3&limit=100", { token: admin.token }))).data;
    expect(all.map((r: { available: number }) => r.available)).toEqual([0, 1, 1, 1, 2, 2]);
    const low = await walkPages("/admin/inventory/low-stock?search=PAGE-1&threshold=3&limit=1", admin.token);
    expect(low.map((r) => r.sku)).toEqual(all.map((r: { sku: string }) => r.sku));
  });

  it("reads the inventory off the SKU index and low stock off (available, sku)", async () => {
    expectIndexOrdered(await planOf(inventoryPageQuery(db(), {}, cursorQuery.parse({ cursor: encodeCursor("sku", ["M"]) }))), "product_variants_sku_unique");
    expectIndexOrdered(
      await planOf(lowStockPageQuery(db(), {}, 10, cursorQuery.parse({ cursor: encodeCursor("available", [1, "M"]) }))),
      "product_variants_available_sku_idx",
    );
  });
});
