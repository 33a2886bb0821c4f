import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { stockStub } from "../../src/inventory/stock-client";
import { sha512Hex } from "../../src/payments/midtrans-webhook";
import { providerDeps } from "../../src/payments/providers";
import { api, expectError, json } from "../helpers";
import { addItem, guestWith, placeOrder, registerCustomer, stockedVariant, userWithRole } from "../factories";

const simulate = (paymentId: string, outcome: string, auth: { token?: string; orderToken?: string }) =>
  api(`/dev/payments/${paymentId}/simulate`, {
    body: { outcome },
    ...(auth.token ? { token: auth.token } : {}),
    headers: auth.orderToken ? { "X-Order-Token": auth.orderToken } : {},
  });

async function customerPayment(provider: "stripe" | "midtrans" | "manual", stock = 3, qty = 2) {
  const v = await stockedVariant(stock);
  const customer = await registerCustomer();
  await addItem(customer, v.id, qty);
  const order = await json(await placeOrder(customer));
  const res = await api("/payments", { token: customer.token, body: { order_id: order.id, provider } });
  expect(res.status).toBe(201);
  return { v, customer, order, payment: await json(res) };
}

/** Midtrans' Get Status, asked through the providers' fetch exactly as payments code would. */
async function midtransStatus(orderId: string) {
  const res = await providerDeps(env).fetch(`https://api.sandbox.midtrans.com/v2/${orderId}/status`, {
    headers: { Authorization: `Basic ${btoa(`${env.MIDTRANS_SERVER_KEY}:`)}`, Accept: "application/json" },
  });
  return { status: res.status, body: await json(res) };
}

describe("local Stripe sandbox and the simulate route", () => {
  it("a guest pays with Stripe: the sandbox creates the PaymentIntent, a simulated success pays the order through the signed webhook", async () => {
    const v = await stockedVariant(3);
    const guest = await guestWith(v.id, 2);
    const order = await json(await placeOrder(guest, { email: "sandbox-guest@example.com" }));
    const orderToken = order.order_token as string;
    const created = await api("/payments", { headers: { "X-Order-Token": orderToken }, body: { order_id: order.id, provider: "stripe" } });
    expect(created.status).toBe(201);
    const payment = await json(created);
    expect(payment.client_secret).toMatch(/^pi_sbx_\w+_secret_sandbox$/);

    const res = await simulate(payment.id, "succeeded", { orderToken });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      outcome: "succeeded",
      event: { type: "payment_intent.succeeded" },
      webhook: { status: 200, body: { received: true, duplicate: false, outcome: "applied" } },
      payment: { id: payment.id, status: "succeeded" },
    });
    const paid = await json(await api(`/orders/${order.id}`, { headers: { "X-Order-Token": orderToken } }));
    expect(paid).toMatchObject({ status: "paid", payment_status: "paid" });
    expect(await stockStub(env, v.id).state()).toMatchObject({ on_hand: 1, held: 0 });

    // Succeeding twice is refused, as Stripe would not send it.
    await expectError(await simulate(payment.id, "succeeded", { orderToken }), 409, "simulation_refused");
  });

  it("a simulated decline fails the payment and leaves the order payable; a refund goes through charge.refunded", async () => {
    const { customer, order, payment } = await customerPayment("stripe");
    const failed = await json(await simulate(payment.id, "failed", { token: customer.token }));
    expect(failed).toMatchObject({ event: { type: "payment_intent.payment_failed" }, webhook: { status: 200 }, payment: { status: "failed", failure_reason: "Your card was declined." } });
    expect((await json(await api(`/orders/${order.id}`, { token: customer.token }))).status).toBe("pending_payment");
    await expectError(await simulate(payment.id, "refunded", { token: customer.token }), 409, "simulation_refused");

    const retry = await json(await api("/payments", { token: customer.token, body: { order_id: order.id, provider: "stripe" } }));
    expect((await json(await simulate(retry.id, "succeeded", { token: customer.token }))).payment.status).toBe("succeeded");
    const refunded = await json(await simulate(retry.id, "refunded", { token: customer.token }));
    expect(refunded).toMatchObject({ event: { type: "charge.refunded" }, webhook: { status: 200, body: { outcome: "applied" } }, payment: { status: "refunded", refunded_amount: order.total } });
  });

  it("staff refunds a sandbox Stripe payment through the provider API, which the sandbox answers", async () => {
    const { customer, order, payment } = await customerPayment("stripe");
    await simulate(payment.id, "succeeded", { token: customer.token });
    const staff = await userWithRole("staff");
    const res = await api(`/admin/payments/${payment.id}/refund`, { token: staff.token, body: { amount: 1000 } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: "partially_refunded", refunded_amount: 1000 });
    const again = await api(`/admin/payments/${payment.id}/refund`, { token: staff.token, body: { amount: order.total } });
    await expectError(again, 422, "refund_exceeds_payment");
  });

  it("keeps another customer's payment a 404, and manual transfers to staff", async () => {
    const { payment } = await customerPayment("stripe");
    const stranger = await registerCustomer();
    await expectError(await simulate(payment.id, "succeeded", { token: stranger.token }), 404, "not_found");
    const manual = await customerPayment("manual");
    await expectError(await simulate(manual.payment.id, "succeeded", { token: manual.customer.token }), 409, "simulation_refused");
    await expectError(await simulate(payment.id, "paid", {}), 400, "validation_error");
  });
});

describe("local Midtrans sandbox", () => {
  it("Snap, Get Status and a settlement notification: the order is paid, and Get Status tells the same story", async () => {
    const { v, customer, order, payment } = await customerPayment("midtrans");
    expect(payment.snap_token).toBeTruthy();
    expect(payment.redirect_url).toContain("/snap/v4/redirection/");
    // Midtrans knows no transaction before a payment method is chosen.
    expect(await midtransStatus(payment.id)).toMatchObject({ status: 404, body: { status_code: "404" } });

    const body = await json(await simulate(payment.id, "succeeded", { token: customer.token }));
    expect(body).toMatchObject({ event: { type: "settlement" }, webhook: { status: 200, body: { outcome: "applied" } }, payment: { status: "succeeded" } });
    expect((await json(await api(`/orders/${order.id}`, { token: customer.token }))).status).toBe("paid");
    expect(await stockStub(env, v.id).state()).toMatchObject({ on_hand: 1, held: 0 });

    const status = await midtransStatus(payment.id);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      status_code: "200",
      order_id: payment.id,
      transaction_status: "settlement",
      fraud_status: "accept",
      gross_amount: `${order.total}.00`,
      currency: "IDR",
    });
    expect(status.body.signature_key).toBe(await sha512Hex(`${payment.id}200${order.total}.00${env.MIDTRANS_SERVER_KEY}`));
  });

  it("a denied payment fails; a settled one is refunded by notification and by the refund API", async () => {
    const denied = await customerPayment("midtrans");
    const deny = await json(await simulate(denied.payment.id, "failed", { token: denied.customer.token }));
    expect(deny).toMatchObject({ event: { type: "deny" }, webhook: { status: 200 }, payment: { status: "failed" } });
    expect((await midtransStatus(denied.payment.id)).body).toMatchObject({ transaction_status: "deny", status_code: "202" });

    const { customer, order, payment } = await customerPayment("midtrans");
    await simulate(payment.id, "succeeded", { token: customer.token });
    const refunded = await json(await simulate(payment.id, "refunded", { token: customer.token }));
    expect(refunded).toMatchObject({ event: { type: "refund" }, webhook: { status: 200 }, payment: { status: "refunded", refunded_amount: order.total } });
    expect((await midtransStatus(payment.id)).body).toMatchObject({ transaction_status: "refund", refund_amount: `${order.total}.00` });

    const other = await customerPayment("midtrans");
    await simulate(other.payment.id, "succeeded", { token: other.customer.token });
    const staff = await userWithRole("staff");
    const res = await api(`/admin/payments/${other.payment.id}/refund`, { token: staff.token, body: { amount: 5000 } });
    expect(await json(res)).toMatchObject({ status: "partially_refunded", refunded_amount: 5000 });
    expect((await midtransStatus(other.payment.id)).body).toMatchObject({ transaction_status: "partial_refund", refund_amount: "5000.00" });
  });

  it("serves the development routes in the local document", async () => {
    const doc = await json(await api("/api/openapi.json"));
    expect(doc.paths["/api/v1/dev/payments/{id}/simulate"]?.post?.operationId).toBe("postDevPaymentsByIdSimulate");
  });
});
