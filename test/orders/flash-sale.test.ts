import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { stockStub } from "../../src/inventory/stock-client";
import { json } from "../helpers";
import { applyCode } from "./discount-fixtures";
import { createDiscount, db, guestWith, placeOrder, stockedVariant } from "../factories";
import { ledgerTotals } from "../inventory/fixtures";

/** The reason this product exists: many buyers, few units, and not one unit sold twice. */
describe("flash sale through POST /orders", () => {
  it("200 buyers race for 20 units: exactly 20 orders, 180 insufficient_stock, no stray hold", async () => {
    const v = await stockedVariant(20);
    const buyers = await Promise.all(Array.from({ length: 200 }, () => guestWith(v.id, 1)));

    const responses = await Promise.all(
      buyers.map((b, i) => placeOrder(b, { email: `buyer${i}@example.com` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(180);
    const errors = await Promise.all(responses.filter((r) => r.status === 409).map((r) => json(r)));
    expect(new Set(errors.map((e) => e.error.code))).toEqual(new Set(["insufficient_stock"]));

    // Every unit is held by exactly one order; losers left nothing behind.
    const state = await stockStub(env, v.id).state();
    expect(state).toMatchObject({ on_hand: 20, held: 20, available: 0 });
    const ledger = await ledgerTotals(v.id);
    expect(ledger).toMatchObject({ on_hand: 20, held: 20, live_hold_qty: 20 });
    const orders = await db().query.orders.findMany();
    expect(orders).toHaveLength(20);
  });

  it("a code limited to 10 uses is used exactly 10 times when 60 buyers race with it", async () => {
    const v = await stockedVariant(100);
    const discount = await createDiscount({ type: "percent", value: 10, usage_limit: 10 });
    const buyers = await Promise.all(
      Array.from({ length: 60 }, async () => {
        const guest = await guestWith(v.id, 1);
        await applyCode(guest, discount.code);
        return guest;
      }),
    );
    const responses = await Promise.all(buyers.map((b, i) => placeOrder(b, { email: `coupon${i}@example.com` })));
    const won = responses.filter((r) => r.status === 201);
    expect(won).toHaveLength(10);
    const lost = await Promise.all(responses.filter((r) => r.status !== 201).map((r) => json(r)));
    expect(new Set(lost.map((e) => e.error.code))).toEqual(new Set(["discount_exhausted"]));
    for (const order of await Promise.all(won.map((r) => json(r)))) expect(order.discount).toBeGreaterThan(0);

    const row = await db().query.discounts.findFirst({ where: (d, { eq }) => eq(d.id, discount.id) });
    expect(row?.usedCount).toBe(10);
    // Buyers refused the code gave their held units back.
    expect(await stockStub(env, v.id).state()).toMatchObject({ held: 10, available: 90 });
  });
});
