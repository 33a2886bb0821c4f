import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { orderEvents, refunds, webhookEvents } from "../../src/db/schema";
import { holdOrder } from "../../src/inventory/service";
import { api, expectError, json, waitForOutbox } from "../helpers";
import { lapseHolds } from "../inventory/fixtures";
import { db, orderRow, registerCustomer, userWithRole } from "../factories";
import { createPendingOrder, intent, sendStripeEvent, stubProviders } from "./fixtures";

let providers: ReturnType<typeof stubProviders>;
beforeEach(() => {
  providers = stubProviders();
});
afterEach(() => providers.restore());

async function payWithStripe(options: Parameters<typeof createPendingOrder>[0] = {}) {
  const customer = await registerCustomer();
  const order = await createPendingOrder({ userId: customer.userId, ...options });
  const res = await api("/payments", { token: customer.token, body: { order_id: order.orderId, provider: "stripe" } });
  expect(res.status).toBe(201);
  const payment = await json(res);
  const piId = (payment.client_secret as string).split("_secret_")[0];
  if (!piId) throw new Error("no PaymentIntent created");
  return { customer, order, payment, piId };
}

describe("Stripe payments", () => {
  it("creates a PaymentIntent for the server's total in Stripe's units, with the order id and an idempotency key", async () => {
    const { order, payment } = await payWithStripe();
    expect(payment).toMatchObject({ provider: "stripe", status: "pending", amount: order.total, currency: "IDR" });
    expect(payment.client_secret).toMatch(/^pi_test_.+_secret_abc$/);

    const [sent] = providers.to("api.stripe.com", "/v1/payment_intents");
    if (!sent) throw new Error("no Stripe request");
    expect(sent.method).toBe("POST");
    expect(sent.headers.get("Authorization")).toBe("Bearer sk_test_payments");
    expect(sent.headers.get("Idempotency-Key")).toBe(`payment:${payment.id}`);
    const form = new URLSearchParams(sent.body);
    // The shop counts whole rupiah; Stripe wants IDR × 100.
    expect(form.get("amount")).toBe(String(order.total * 100));
    expect(form.get("currency")).toBe("idr");
    expect(form.get("metadata[order_id]")).toBe(order.orderId);
    expect(form.get("metadata[payment_id]")).toBe(payment.id);
  });

  it("replays the same payment for the same Idempotency-Key without a second PaymentIntent", async () => {
    const customer = await registerCustomer();
    const order = await createPendingOrder({ userId: customer.userId });
    const send = () =>
      api("/payments", { token: customer.token, headers: { "Idempotency-Key": `pay-${order.orderId}` }, body: { order_id: order.orderId, provider: "stripe" } });
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await json(second)).id).toBe((await json(first)).id);
    expect(providers.to("api.stripe.com", "/v1/payment_intents")).toHaveLength(1);
  });

  it("payment_intent.succeeded commits the stock and pays the order; a redelivery changes nothing", async () => {
    const { customer, order, payment, piId } = await payWithStripe({ stock: 5, qty: 2 });
    const event = { id: `evt_ok_${piId}` };
    const res = await sendStripeEvent("payment_intent.succeeded", intent(piId, order.total * 100), event);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ received: true, duplicate: false, outcome: "applied" });

    expect(await orderRow(order.orderId)).toMatchObject({ status: "paid", paymentStatus: "paid", reservationExpiresAt: null });
    expect(await order.variant.stub.state()).toMatchObject({ on_hand: 3, held: 0, available: 3 });
    const view = await json(await api(`/payments/${payment.id}`, { token: customer.token }));
    expect(view.status).toBe("succeeded");

    const again = await sendStripeEvent("payment_intent.succeeded", intent(piId, order.total * 100), event);
    expect(await json(again)).toMatchObject({ received: true, duplicate: true });
    const paidEvents = await db().select().from(orderEvents).where(eq(orderEvents.orderId, order.orderId));
    expect(paidEvents.filter((e) => e.toStatus === "paid")).toHaveLength(1);
    expect(await order.variant.stub.state()).toMatchObject({ on_hand: 3, held: 0 });
  });

  it("payment_intent.payment_failed records the failure and leaves the order payable with its hold", async () => {
    const { customer, order, payment, piId } = await payWithStripe({ stock: 5, qty: 1 });
    const res = await sendStripeEvent(
      "payment_intent.payment_failed",
      intent(piId, order.total * 100, { status: "requires_payment_method", amount_received: 0, last_payment_error: { code: "card_declined", message: "Your card was declined." } }),
    );
    expect(res.status).toBe(200);
    const view = await json(await api(`/payments/${payment.id}`, { token: customer.token }));
    expect(view).toMatchObject({ status: "failed", failure_reason: "Your card was declined." });
    expect((await orderRow(order.orderId)).status).toBe("pending_payment");
    expect(await order.variant.stub.state()).toMatchObject({ held: 1 });

    // The customer may try again while the hold lives.
    const retry = await api("/payments", { token: customer.token, body: { order_id: order.orderId, provider: "stripe" } });
    expect(retry.status).toBe(201);
  });

  it("applies events out of order without moving backwards: succeeded, then failed, stays paid", async () => {
    const { customer, order, payment, piId } = await payWithStripe();
    await sendStripeEvent("payment_intent.succeeded", intent(piId, order.total * 100));
    const late = await sendStripeEvent("payment_intent.payment_failed", intent(piId, order.total * 100, { status: "requires_payment_method" }));
    expect(await json(late)).toMatchObject({ duplicate: false, outcome: "ignored" });
    expect((await orderRow(order.orderId)).status).toBe("paid");
    expect((await json(await api(`/payments/${payment.id}`, { token: customer.token }))).status).toBe("succeeded");
  });

  it("refuses a success whose amount differs from the order total", async () => {
    const { order, piId } = await payWithStripe();
    const res = await sendStripeEvent("payment_intent.succeeded", intent(piId, (order.total - 1000) * 100));
    expect(await json(res)).toMatchObject({ outcome: "refused" });
    expect((await orderRow(order.orderId)).status).toBe("pending_payment");
    expect(await order.variant.stub.state()).toMatchObject({ on_hand: 5, held: order.qty });
  });

  it("answers 400 to a bad or stale signature and changes nothing", async () => {
    const { order, piId } = await payWithStripe();
    const forged = await sendStripeEvent("payment_intent.succeeded", intent(piId, order.total * 100), { id: "evt_forged", secret: "whsec_wrong" });
    await expectError(forged, 400, "invalid_signature");
    const stale = await sendStripeEvent("payment_intent.succeeded", intent(piId, order.total * 100), {
      id: "evt_stale",
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    await expectError(stale, 400, "invalid_signature");
    const unsigned = await api("/payments/webhooks/stripe", { body: { id: "evt_unsigned" } });
    await expectError(unsigned, 400, "invalid_signature");

    expect((await orderRow(order.orderId)).status).toBe("pending_payment");
    const stored = await db().select().from(webhookEvents).where(eq(webhookEvents.eventId, "evt_forged"));
    expect(stored).toHaveLength(0);
  });

  it("a late success after the hold lapsed re-reserves the stock and pays the order", async () => {
    const { order, piId } = await payWithStripe({ stock: 5, qty: 2 });
    await lapseHolds(order.variant.id);
    await env.DB.prepare("UPDATE orders SET status = 'expired', reservation_expires_at = ? WHERE id = ?").bind(Date.now() - 1, order.orderId).run();

    const res = await sendStripeEvent("payment_intent.succeeded", intent(piId, order.total * 100));
    expect(await json(res)).toMatchObject({ outcome: "applied" });
    expect((await orderRow(order.orderId)).status).toBe("paid");
    expect(await order.variant.stub.state()).toMatchObject({ on_hand: 3, held: 0 });
    expect(providers.to("api.stripe.com", "/v1/refunds")).toHaveLength(0);
  });

  it("a late success when the stock is gone refunds through Stripe, cancels the order and apologizes", async () => {
    const { order, payment, piId } = await payWithStripe({ stock: 2, qty: 2 });
    await lapseHolds(order.variant.id);
    // Someone else bought the units once the hold lapsed.
    await holdOrder(env, crypto.randomUUID(), [{ variantId: order.variant.id, qty: 2 }], 60_000);

    const res = await sendStripeEvent("payment_intent.succeeded", intent(piId, order.total * 100));
    expect(await json(res)).toMatchObject({ outcome: "auto_refunded" });

    const [refund] = providers.to("api.stripe.com", "/v1/refunds");
    if (!refund) throw new Error("no refund request");
    const form = new URLSearchParams(refund.body);
    expect(form.get("payment_intent")).toBe(piId);
    expect(form.get("amount")).toBe(String(order.total * 100));
    const [row] = await db().select().from(refunds).where(eq(refunds.paymentId, payment.id));
    expect(row).toMatchObject({ status: "succeeded", reason: "out_of_stock", amount: order.total });
    expect(refund.headers.get("Idempotency-Key")).toBe(`refund:${row?.id}`);

    const after = await orderRow(order.orderId);
    expect(after).toMatchObject({ status: "cancelled", paymentStatus: "refunded" });
    expect(await order.variant.stub.state()).toMatchObject({ on_hand: 2, held: 2 });
    const admin = await userWithRole("admin");
    const mail = await waitForOutbox(admin.token, after.email, "paid_after_expiry");
    expect(mail.text).toContain("refunded");
  });

  it("staff refunds in part then in full; the order follows and a full refund before shipping restocks", async () => {
    const { order, payment, piId } = await payWithStripe({ stock: 5, qty: 2 });
    await sendStripeEvent("payment_intent.succeeded", intent(piId, order.total * 100));
    const staff = await userWithRole("staff");
    const customer = await registerCustomer();
    await expectError(await api(`/admin/payments/${payment.id}/refund`, { token: customer.token, body: { amount: 1 } }), 403, "forbidden");

    const partial = await api(`/admin/payments/${payment.id}/refund`, { token: staff.token, body: { amount: 100_000 } });
    expect(partial.status).toBe(200);
    expect(await json(partial)).toMatchObject({ status: "partially_refunded", refunded_amount: 100_000 });
    expect(await orderRow(order.orderId)).toMatchObject({ status: "partially_refunded", refundedAmount: 100_000 });
    expect(new URLSearchParams(providers.to("api.stripe.com", "/v1/refunds")[0]?.body).get("amount")).toBe(String(100_000 * 100));

    await expectError(await api(`/admin/payments/${payment.id}/refund`, { token: staff.token, body: { amount: order.total } }), 422, "refund_exceeds_payment");
    const rest = await api(`/admin/payments/${payment.id}/refund`, { token: staff.token, body: {} });
    expect(await json(rest)).toMatchObject({ status: "refunded", refunded_amount: order.total });
    expect(await orderRow(order.orderId)).toMatchObject({ status: "refunded", refundedAmount: order.total, paymentStatus: "refunded" });
    expect(await order.variant.stub.state()).toMatchObject({ on_hand: 5 });

    // Stripe's charge.refunded for the same refunds is then a no-op.
    const echo = await sendStripeEvent("charge.refunded", { id: `ch_${piId}`, object: "charge", payment_intent: piId, amount: order.total * 100, amount_refunded: order.total * 100, currency: "idr" });
    expect(await json(echo)).toMatchObject({ outcome: "ignored" });
  });

  it("charge.refunded from the Stripe dashboard refunds the order", async () => {
    const { order, piId } = await payWithStripe({ stock: 5, qty: 1 });
    await sendStripeEvent("payment_intent.succeeded", intent(piId, order.total * 100));
    const res = await sendStripeEvent("charge.refunded", { id: `ch_${piId}`, object: "charge", payment_intent: piId, amount: order.total * 100, amount_refunded: order.total * 100, currency: "idr" });
    expect(await json(res)).toMatchObject({ outcome: "applied" });
    expect(await orderRow(order.orderId)).toMatchObject({ status: "refunded", refundedAmount: order.total });
  });
});
