import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError, json } from "../helpers";
import { userWithRole } from "../factories";
import { salesFixture } from "./fixtures";

let admin: { token: string };
let fx: Awaited<ReturnType<typeof salesFixture>>;

beforeAll(async () => {
  admin = await userWithRole("admin");
  fx = await salesFixture(2030);
});

const sales = (query: string, token = admin.token) => api(`/admin/reports/sales?${query}`, { token });

describe("GET /admin/reports/sales", () => {
  it("sums by day: discounts, partial and full refunds; cancelled, pending, expired and other currencies left out", async () => {
    const res = await sales(`from=${fx.from}&to=${fx.to}&group_by=day`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ currency: "IDR", group_by: "day", store: null });
    expect(body.periods).toEqual([
      // (180,000 − 13,001) / 2 = 83,499.5 → 83,500 half-up.
      { period: "2030-03-04", orders: 2, units: 4, gross: 180_000, discounts: 13_001, refunds: 20_000, net: 146_999, average_order_value: 83_500 },
      { period: "2030-03-05", orders: 1, units: 4, gross: 120_000, discounts: 10_000, refunds: 0, net: 110_000, average_order_value: 110_000 },
      { period: "2030-03-11", orders: 1, units: 2, gross: 60_000, discounts: 0, refunds: 80_000, net: -20_000, average_order_value: 60_000 },
    ]);
    expect(body.totals).toEqual({
      orders: 4,
      units: 10,
      gross: 360_000,
      discounts: 23_001,
      refunds: 100_000,
      net: 236_999,
      average_order_value: 84_250,
    });
  });

  it("groups by ISO week (Monday) and by month with the same totals", async () => {
    const week = await json(await sales(`from=${fx.from}&to=${fx.to}&group_by=week`));
    expect(week.periods.map((p: { period: string; orders: number }) => [p.period, p.orders])).toEqual([
      ["2030-03-04", 3],
      ["2030-03-11", 1],
    ]);
    const month = await json(await sales(`from=${fx.from}&to=${fx.to}&group_by=month`));
    expect(month.periods).toEqual([{ period: "2030-03", ...week.totals }]);
  });

  it("filters by store: that store's lines, with each order's discount and refunds prorated half-up", async () => {
    const shirt = await json(await sales(`from=${fx.from}&to=${fx.to}&store=${fx.shirt.storeId}`));
    // Order A: 13,001 × 100,000 / 130,000 = 10,000.77 → 10,001 for the shirt store; 3,000 for the cap store.
    expect(shirt.totals).toEqual({ orders: 2, units: 3, gross: 150_000, discounts: 10_001, refunds: 20_000, net: 119_999, average_order_value: 70_000 });
    const cap = await json(await sales(`from=${fx.from}&to=${fx.to}&store=${fx.cap.storeId}`));
    expect(cap.totals).toMatchObject({ orders: 3, units: 7, gross: 210_000, discounts: 13_000, refunds: 80_000, net: 117_000 });
    expect(shirt.totals.discounts + cap.totals.discounts).toBe(23_001);
  });

  it("takes the range inclusively by UTC day", async () => {
    const body = await json(await sales("from=2030-03-05&to=2030-03-05"));
    expect(body.totals).toMatchObject({ orders: 1, gross: 120_000 });
  });

  it("rejects a bad range and other roles", async () => {
    await expectError(await sales("from=2030-03-10&to=2030-03-01"), 400, "validation_error");
    await expectError(await sales("from=2030-02-30&to=2030-03-01"), 400, "validation_error");
    await expectError(await sales(`from=${fx.from}&to=${fx.to}&group_by=year`), 400, "validation_error");
    const customer = await userWithRole("customer");
    await expectError(await sales(`from=${fx.from}&to=${fx.to}`, customer.token), 403, "forbidden");
    await expectError(await api(`/admin/reports/sales?from=${fx.from}&to=${fx.to}`), 401, "unauthenticated");
    const staff = await userWithRole("staff");
    expect((await sales(`from=${fx.from}&to=${fx.to}`, staff.token)).status).toBe(200);
  });
});

describe("GET /admin/reports/products", () => {
  it("ranks best sellers, sums revenue by product and category, and shows stock left", async () => {
    const res = await api(`/admin/reports/products?from=${fx.from}&to=${fx.to}`, { token: admin.token });
    expect(res.status).toBe(200);
    const body = await json(res);
    const cap = { product_id: fx.cap.id, name: "Canvas cap", units: 7, revenue: 210_000, stock_left: 9 };
    const shirt = { product_id: fx.shirt.id, name: "Batik shirt", units: 3, revenue: 150_000, stock_left: 7 };
    expect(body.best_sellers).toEqual([cap, shirt]);
    expect(body.products).toEqual([cap, shirt]);
    expect(body.categories).toEqual([
      { category_id: fx.cap.categoryId, name: "Category of Canvas cap", units: 7, revenue: 210_000 },
      { category_id: fx.shirt.categoryId, name: "Category of Batik shirt", units: 3, revenue: 150_000 },
    ]);
  });
});

describe("OpenAPI", () => {
  it("documents the report and export routes with their definitions", async () => {
    const doc = await json(await api("/api/openapi.json"));
    for (const path of ["sales", "products", "exports", "exports/{id}", "exports/{id}/download"]) {
      expect(doc.paths).toHaveProperty([`/api/v1/admin/reports/${path}`]);
    }
    expect(doc.paths["/api/v1/admin/reports/sales"].get.description).toContain("net = gross − discounts − refunds");
    expect(doc.paths).toHaveProperty(["/api/v1/admin/dead-letters"]);
  });
});
