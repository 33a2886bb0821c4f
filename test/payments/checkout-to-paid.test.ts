import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stockStub } from "../../src/inventory/stock-client";
import { api, json, waitForOutbox } from "../helpers";
import { addItem, placeOrder, registerCustomer, stockedVariant, userWithRole } from "../factories";
import { intent, sendStripeEvent, stubProviders } from "./fixtures";

let providers: ReturnType<typeof stubProviders>;
beforeEach(() => {
  providers = stubProviders();
});
afterEach(() => providers.restore());

describe("cart → checkout → Stripe → paid, end to end", () => {
  it("a verified payment_intent.succeeded pays the order placed at checkout and commits its stock", async () => {
    const v = await stockedVariant(3);
    const customer = await registerCustomer();
    await addItem(customer, v.id, 2);
    const order = await json(await placeOrder(customer));
    expect((await stockStub(env, v.id).state()).held).toBe(2);

    const created = await api("/payments", { token: customer.token, body: { order_id: order.id, provider: "stripe" } });
    expect(created.status).toBe(201);
    const payment = await json(created);
    expect(payment.amount).toBe(order.total);
    const piId = (payment.client_secret as string).split("_secret_")[0]!;

    expect((await sendStripeEvent("payment_intent.succeeded", intent(piId, order.total * 100, { metadata: { order_id: order.id, payment_id: payment.id } }))).status).toBe(200);
    const paid = await json(await api(`/orders/${order.id}`, { token: customer.token }));
    expect(paid).toMatchObject({ status: "paid", payment_status: "paid" });
    expect(await stockStub(env, v.id).state()).toMatchObject({ on_hand: 1, held: 0, available: 1 });
    expect((await api(`/orders/${order.id}/invoice`, { token: customer.token })).status).toBe(200);

    // The buyer hears of both steps: the confirmation at checkout and the payment.
    const admin = await userWithRole("admin");
    expect((await waitForOutbox(admin.token, customer.email, "order_pending_payment")).subject).toContain(order.number);
    const receipt = await waitForOutbox(admin.token, customer.email, "order_paid");
    expect(receipt.text).toContain(`IDR ${order.total.toLocaleString("en-US")}`);
  });
});
