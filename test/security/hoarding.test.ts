import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { stockStub } from "../../src/inventory/stock-client";
import { api, expectError, json, randomClientIp } from "../helpers";
import { addItem, guestWith, placeOrder, registerCustomer, stockedVariant, userWithRole } from "../factories";
import { applyCode, createDiscount } from "../orders/discount-fixtures";

let n = 0;
const email = (tag = "") => `hoarder${Date.now()}${++n}${tag}@example.com`;

describe("stock hoarding", () => {
  it("one client cannot take a flash-sale variant off the shelf with unpaid guest orders", async () => {
    const v = await stockedVariant(100);
    const client = randomClientIp();
    const fromClient = { "CF-Connecting-IP": client };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const guest = await guestWith(v.id, 10);
      const res = await placeOrder(guest, { email: email() }, fromClient);
      statuses.push(res.status);
      if (res.status === 429) {
        const err = await expectError(res, 429, "too_many_unpaid_orders");
        expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(800); // the oldest hold lapses in ~15 min
        expect(err.details.limit).toBe(5);
      }
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    expect(await stockStub(env, v.id).state()).toMatchObject({ held: 50, available: 50 });
  });

  it("caps unpaid orders per guest email, with +tags and case folded; a cancelled one frees a slot", async () => {
    const v = await stockedVariant(50);
    const base = email();
    const [local, domain] = base.split("@");
    const variants = [base, `${local}+b@${domain}`, ` ${local!.toUpperCase()}+c@${domain!.toUpperCase()} `];
    const first = await json(await placeOrder(await guestWith(v.id, 1), { email: variants[0] }));
    expect((await placeOrder(await guestWith(v.id, 1), { email: variants[1] })).status).toBe(201);
    await expectError(await placeOrder(await guestWith(v.id, 1), { email: variants[2]!.trim() }), 429, "too_many_unpaid_orders");

    const cancelled = await api(`/orders/${first.id}/cancel`, { method: "POST", headers: { "X-Order-Token": first.order_token } });
    expect(cancelled.status).toBe(200);
    expect((await placeOrder(await guestWith(v.id, 1), { email: variants[2]!.trim() })).status).toBe(201);
  });

  it("a guest order with a customer's email counts against that customer's cap", async () => {
    const v = await stockedVariant(50);
    const customer = await registerCustomer();
    await addItem(customer, v.id, 1);
    expect((await placeOrder(customer)).status).toBe(201);
    const [local, domain] = customer.email.split("@");
    expect((await placeOrder(await guestWith(v.id, 1), { email: `${local}+gift@${domain}` })).status).toBe(201);
    await addItem(customer, v.id, 1);
    await expectError(await placeOrder(customer), 429, "too_many_unpaid_orders");
  });
});

describe("per-variant hold time", () => {
  it("a variant set to hold for 5 minutes gives its unpaid orders a 5-minute deadline", async () => {
    const admin = await userWithRole("admin");
    const flash = await stockedVariant(10);
    const normal = await stockedVariant(10);
    const patched = await api(`/admin/products/${flash.productId}/variants/${flash.id}`, {
      method: "PATCH",
      token: admin.token,
      body: { hold_seconds: 300 },
    });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({ hold_seconds: 300 });
    await expectError(
      await api(`/admin/products/${flash.productId}/variants/${flash.id}`, { method: "PATCH", token: admin.token, body: { hold_seconds: 5 } }),
      400,
      "validation_error",
    );

    const minutesLeft = async (variantIds: string[]) => {
      const guest = await guestWith(variantIds[0]!, 1);
      for (const id of variantIds.slice(1)) await addItem(guest, id, 1);
      const order = await json(await placeOrder(guest, { email: email() }));
      return (Date.parse(order.reservation_expires_at) - Date.now()) / 60_000;
    };
    const flashOnly = await minutesLeft([flash.id]);
    expect(flashOnly).toBeGreaterThan(4.5);
    expect(flashOnly).toBeLessThanOrEqual(5);
    expect(await minutesLeft([normal.id])).toBeGreaterThan(14.5);
    // An order mixing both has one payment deadline: the shorter hold.
    expect(await minutesLeft([normal.id, flash.id])).toBeLessThanOrEqual(5);
  });
});

describe("per-customer discount limits follow the buyer, not the session", () => {
  it("a customer who used a once-per-customer code cannot use it again as a guest with their email or a +alias", async () => {
    const v = await stockedVariant(20);
    const code = await createDiscount({ type: "percent", value: 10, per_customer_limit: 1 });
    const customer = await registerCustomer();
    await addItem(customer, v.id, 1);
    await applyCode(customer, code.code);
    expect((await placeOrder(customer)).status).toBe(201);

    const [local, domain] = customer.email.split("@");
    for (const guestEmail of [customer.email.toUpperCase(), `${local}+again@${domain}`]) {
      const guest = await guestWith(v.id, 1);
      await applyCode(guest, code.code);
      await expectError(await placeOrder(guest, { email: guestEmail }), 422, "discount_exhausted");
    }
    // And the other way round: a guest's use counts when the account shops.
    const other = await createDiscount({ type: "percent", value: 10, per_customer_limit: 1 });
    const guest = await guestWith(v.id, 1);
    await applyCode(guest, other.code);
    const buyer = await registerCustomer();
    expect((await placeOrder(guest, { email: buyer.email.replace("@", "+x@") })).status).toBe(201);
    await addItem(buyer, v.id, 1);
    await expectError(await cartApply(buyer, other.code), 422, "discount_customer_limit");
  });
});

const cartApply = (who: { token: string }, code: string) => api("/cart/discount", { token: who.token, body: { code } });
