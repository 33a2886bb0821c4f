import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { discountRedemptions, discounts, orderEvents, orders, refunds, webhookEvents } from "../../src/db/schema";
import { redeemDiscount } from "../../src/discounts/service";
import { stockStub } from "../../src/inventory/stock-client";
import { reconcileAndRepair } from "../../src/orders/reconciliation";
import { expireLapsedOrders } from "../../src/orders/service";
import { api, expectError, json, waitForOutbox } from "../helpers";
import { lapseHolds } from "../inventory/fixtures";
import { addPayment, createDiscount, db, orderRow, pendingOrder, userWithRole } from "../factories";
import { intent, midtransLedger, sendMidtransNotification, sendStripeEvent, stubProviders } from "../payments/fixtures";
import { failD1InOrder, inspectOrder, paymentRow, pauseStock, reconciliation, settleOrder } from "./authority-fixtures";

let providers: ReturnType<typeof stubProviders>;
let admin: Awaited<ReturnType<typeof userWithRole>>;
let staff: Awaited<ReturnType<typeof userWithRole>>;

beforeAll(async () => {
  admin = await userWithRole("admin");
  staff = await userWithRole("staff");
});
beforeEach(() => {
  providers = stubProviders();
});
afterEach(() => providers.restore());

const stripeRefunds = () => providers.to("api.stripe.com", "/v1/refunds");
const confirm = (paymentId: string) => api(`/admin/payments/${paymentId}/confirm`, { token: staff.token, method: "POST" });
const refund = (paymentId: string, amount?: number, key?: string) =>
  api(`/admin/payments/${paymentId}/refund`, {
    token: staff.token,
    body: amount === undefined ? {} : { amount },
    headers: key ? { "Idempotency-Key": key } : {},
  });
const stock = (variantId: string) => stockStub(env, variantId).state();
const holdOf = (variantId: string, orderId: string) => stockStub(env, variantId).holdOf(orderId);
const refundRows = (orderId: string) => db().select().from(refunds).where(eq(refunds.orderId, orderId));

/** Every scenario ends where money, stock and discount uses agree. */
async function expectConsistent(orderIds: string[]) {
  for (const id of orderIds) await settleOrder(id);
  expect(await reconciliation(admin.token, orderIds)).toEqual([]);
}

describe("exactly one payment is applied to an order", () => {
  it("three manual transfers confirmed at once: one pays, the other two are owed back and the buyer told", async () => {
    const order = await pendingOrder({ lines: [{ stock: 5, qty: 2 }] });
    const pays = await Promise.all([1, 2, 3].map(() => addPayment(order.orderId, "manual", order.total)));
    const answers = await Promise.all(pays.map((p) => confirm(p.id)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);

    const paid = await orderRow(order.orderId);
    expect(paid).toMatchObject({ status: "paid", paymentStatus: "paid" });
    const rows = await Promise.all(pays.map((p) => paymentRow(p.id)));
    expect(rows.filter((r) => r.id === paid.paidPaymentId).map((r) => r.status)).toEqual(["succeeded"]);
    const others = rows.filter((r) => r.id !== paid.paidPaymentId);
    expect(others.map((r) => [r.status, r.refundedAmount])).toEqual([
      ["refunded", order.total],
      ["refunded", order.total],
    ]);
    // A manual transfer is paid back by hand: recorded as due for staff.
    expect((await refundRows(order.orderId)).map((r) => [r.status, r.reason]).sort()).toEqual([
      ["due", "already_paid"],
      ["due", "already_paid"],
    ]);
    expect(await stock(order.variants[0]!.id)).toMatchObject({ on_hand: 3, held: 0 });
    await waitForOutbox(admin.token, paid.email, "payment_refunded");
    await expectConsistent([order.orderId]);
  });

  it("a due refund of a manual transfer is listed for staff and settled once", async () => {
    const order = await pendingOrder();
    const [first, second] = await Promise.all([1, 2].map(() => addPayment(order.orderId, "manual", order.total)));
    for (const p of [first!, second!]) expect((await confirm(p.id)).status).toBe(200);
    const listed = await json(await api(`/admin/refunds?status=due&order_id=${order.orderId}`, { token: staff.token }));
    expect(listed.data).toHaveLength(1);
    const due = listed.data[0];
    expect(due).toMatchObject({ payment_id: second!.id, amount: order.total, status: "due", reason: "already_paid" });

    const settle = (id: string, token = staff.token) => api(`/admin/refunds/${id}/settle`, { token, body: { reference: "BCA-TRF-001" } });
    expect(await json(await settle(due.id))).toMatchObject({ status: "succeeded", provider_refund_ref: "BCA-TRF-001" });
    await expectError(await settle(due.id), 409, "refund_not_due");
    await expectError(await settle(crypto.randomUUID()), 404, "not_found");
    const customer = await userWithRole("customer");
    await expectError(await settle(due.id, customer.token), 403, "forbidden");
    await expectError(await api("/admin/refunds", { token: customer.token }), 403, "forbidden");
    await expectConsistent([order.orderId]);
  });

  it("a Stripe success and a staff confirm of another payment together: one applied, the other refunded through Stripe", async () => {
    const order = await pendingOrder();
    const card = await addPayment(order.orderId, "stripe", order.total);
    const transfer = await addPayment(order.orderId, "manual", order.total);
    const [hook, confirmed] = await Promise.all([sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100)), confirm(transfer.id)]);
    expect([hook.status, confirmed.status]).toEqual([200, 200]);

    const paid = await orderRow(order.orderId);
    expect(paid.status).toBe("paid");
    const loser = paid.paidPaymentId === card.id ? transfer : card;
    expect(await paymentRow(loser.id)).toMatchObject({ status: "refunded", refundedAmount: order.total });
    expect(stripeRefunds()).toHaveLength(loser === card ? 1 : 0);
    await expectConsistent([order.orderId]);
  });
});

describe("a cancel and a payment never both win", () => {
  it("a cancel fired while the payment's stock commit is in flight waits, then refunds and restocks the paid order", async () => {
    const order = await pendingOrder({ lines: [{ stock: 5, qty: 2 }] });
    const card = await addPayment(order.orderId, "stripe", order.total);
    const pause = pauseStock("commit", order.orderId);
    try {
      const paying = sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100));
      await pause.arrived;
      const cancelling = api(`/orders/${order.orderId}/cancel`, { method: "POST", headers: { "X-Order-Token": order.orderToken } });
      pause.release();
      const [paid, cancelled] = await Promise.all([paying, cancelling]);
      expect(await json(paid)).toMatchObject({ outcome: "applied" });
      expect({ status: cancelled.status, order: await json(cancelled) }).toMatchObject({ status: 200, order: { status: "cancelled" } });
    } finally {
      pause.restore();
    }
    expect(await paymentRow(card.id)).toMatchObject({ status: "refunded", refundedAmount: order.total });
    expect(stripeRefunds().map((r) => new URLSearchParams(r.body).get("amount"))).toEqual([String(order.total * 100)]);
    expect(await stock(order.variants[0]!.id)).toMatchObject({ on_hand: 5, held: 0 });
    expect(await holdOf(order.variants[0]!.id, order.orderId)).toMatchObject({ status: "released" });
    await expectConsistent([order.orderId]);
  });

  it("a customer cancelling a paid order gets the money back through the provider, the units return and an email says so", async () => {
    const order = await pendingOrder({ lines: [{ stock: 4, qty: 1 }] });
    const card = await addPayment(order.orderId, "stripe", order.total);
    await sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100));
    expect((await orderRow(order.orderId)).status).toBe("paid");
    expect(await stock(order.variants[0]!.id)).toMatchObject({ on_hand: 3 });

    const res = await api(`/orders/${order.orderId}/cancel`, { method: "POST", headers: { "X-Order-Token": order.orderToken } });
    expect(res.status).toBe(200);
    expect(await orderRow(order.orderId)).toMatchObject({ status: "cancelled", paymentStatus: "refunded", refundedAmount: order.total });
    expect(await paymentRow(card.id)).toMatchObject({ status: "refunded" });
    expect(stripeRefunds()).toHaveLength(1);
    expect(await stock(order.variants[0]!.id)).toMatchObject({ on_hand: 4, held: 0 });
    await waitForOutbox(admin.token, (await orderRow(order.orderId)).email, "order_cancelled");
    await expectConsistent([order.orderId]);
  });

  it("a payment after a cancel is refunded and takes no stock", async () => {
    const order = await pendingOrder();
    const card = await addPayment(order.orderId, "stripe", order.total);
    expect((await api(`/orders/${order.orderId}/cancel`, { method: "POST", headers: { "X-Order-Token": order.orderToken } })).status).toBe(200);
    const res = await sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100));
    expect(await json(res)).toMatchObject({ outcome: "auto_refunded" });
    expect(await stock(order.variants[0]!.id)).toMatchObject({ on_hand: 5, held: 0 });
    expect((await orderRow(order.orderId)).status).toBe("cancelled");
    await expectConsistent([order.orderId]);
  });
});

describe("committing a multi-line order is all or nothing", () => {
  it("a cancel and the expiry cron landing between two line commits wait for the commit, then the order is refunded whole", async () => {
    const order = await pendingOrder({ lines: [{ stock: 3, qty: 1 }, { stock: 3, qty: 2 }] });
    const [first, second] = [...order.variants].sort((a, b) => (a.id < b.id ? -1 : 1));
    const card = await addPayment(order.orderId, "stripe", order.total);
    const pause = pauseStock("commit", order.orderId, second!.id);
    try {
      const paying = sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100));
      await pause.arrived;
      expect(await holdOf(first!.id, order.orderId)).toMatchObject({ status: "committed" });
      const cancelling = api(`/admin/orders/${order.orderId}/transitions`, { token: staff.token, body: { to: "cancelled" } });
      const expiring = expireLapsedOrders({ env, db: db() }, Date.now() + 3_600_000);
      pause.release();
      const [paid, cancelled, expired] = await Promise.all([paying, cancelling, expiring]);
      expect(await json(paid)).toMatchObject({ outcome: "applied" });
      expect(cancelled.status).toBe(200);
      expect(expired).toBe(0);
    } finally {
      pause.restore();
    }
    expect(await orderRow(order.orderId)).toMatchObject({ status: "cancelled", paymentStatus: "refunded" });
    for (const v of order.variants) expect(await stock(v.id)).toMatchObject({ on_hand: 3, held: 0 });
    expect(stripeRefunds()).toHaveLength(1);
    await expectConsistent([order.orderId]);
  });

  it("a line that cannot be committed gives back the lines already sold, refunds the payment and apologizes", async () => {
    const order = await pendingOrder({ lines: [{ stock: 2, qty: 1 }, { stock: 2, qty: 1 }] });
    const [first, second] = [...order.variants].sort((a, b) => (a.id < b.id ? -1 : 1));
    const card = await addPayment(order.orderId, "stripe", order.total);
    const pause = pauseStock("commit", order.orderId, second!.id);
    try {
      const paying = sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100));
      await pause.arrived;
      // Meanwhile the second line's hold is given back behind the order's back.
      await stockStub(env, second!.id).release(order.orderId);
      pause.release();
      expect(await json(await paying)).toMatchObject({ outcome: "auto_refunded" });
    } finally {
      pause.restore();
    }
    expect(await holdOf(first!.id, order.orderId)).toMatchObject({ status: "released" });
    for (const v of order.variants) expect(await stock(v.id)).toMatchObject({ on_hand: 2, held: 0 });
    expect(await orderRow(order.orderId)).toMatchObject({ status: "cancelled", paymentStatus: "refunded", paidPaymentId: null });
    expect(await paymentRow(card.id)).toMatchObject({ status: "refunded", refundedAmount: order.total });
    expect((await refundRows(order.orderId)).map((r) => [r.status, r.reason])).toEqual([["succeeded", "out_of_stock"]]);
    await waitForOutbox(admin.token, (await orderRow(order.orderId)).email, "paid_after_expiry");
    await expectConsistent([order.orderId]);
  });
});

describe("a step cut off by a D1 failure resumes", () => {
  it("a webhook whose order write fails after the stock commit is finished by its redelivery", async () => {
    const order = await pendingOrder({ lines: [{ stock: 5, qty: 2 }] });
    const card = await addPayment(order.orderId, "stripe", order.total);
    const failed = await failD1InOrder(order.orderId, (sql) => /^update "orders"/i.test(sql));
    const event = { id: `evt_cut_${crypto.randomUUID().slice(0, 8)}` };
    const first = await sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100), event);
    expect(first.status).toBe(200);
    expect(failed.count).toBe(1);
    expect((await orderRow(order.orderId)).status).toBe("pending_payment");
    expect((await inspectOrder(order.orderId)).pending).toBeGreaterThan(0);
    const [claim] = await db().select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id));
    expect(claim?.status).toBe("processing");

    const again = await sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100), event);
    expect(await json(again)).toMatchObject({ duplicate: false, outcome: "applied" });
    expect(await orderRow(order.orderId)).toMatchObject({ status: "paid", paidPaymentId: card.id });
    expect(await stock(order.variants[0]!.id)).toMatchObject({ on_hand: 3, held: 0 });
    const [done] = await db().select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id));
    expect(done?.status).toBe("applied");
    const third = await sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100), event);
    expect(await json(third)).toMatchObject({ duplicate: true });
    await expectConsistent([order.orderId]);
  });

  it("a cut-off staff confirm answers 202, is not expired by the cron, and a retry finishes it", async () => {
    const order = await pendingOrder();
    const transfer = await addPayment(order.orderId, "manual", order.total);
    await failD1InOrder(order.orderId, (sql) => /^update "orders"/i.test(sql));
    const first = await confirm(transfer.id);
    expect(first.status).toBe(202);
    expect((await orderRow(order.orderId)).status).toBe("pending_payment");

    // The cron sees a lapsed unpaid order in D1; its authority knows better.
    await db().update(orders).set({ reservationExpiresAt: Date.now() - 1 }).where(eq(orders.id, order.orderId));
    await expireLapsedOrders({ env, db: db() });
    const retry = await confirm(transfer.id);
    expect(retry.status).toBe(200);
    expect(await orderRow(order.orderId)).toMatchObject({ status: "paid", paidPaymentId: transfer.id });
    expect(await stock(order.variants[0]!.id)).toMatchObject({ on_hand: 4, held: 0 });
    const events = await db().select().from(orderEvents).where(eq(orderEvents.orderId, order.orderId));
    expect(events.map((e) => e.toStatus)).toEqual(["paid"]);
    await expectConsistent([order.orderId]);
  });

  it("a step that keeps failing is retried by the object's alarm until it lands", async () => {
    const order = await pendingOrder();
    const card = await addPayment(order.orderId, "stripe", order.total);
    await failD1InOrder(order.orderId, (sql) => /payment_events/i.test(sql), 3);
    await sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100));
    await settleOrder(order.orderId, 6);
    expect(await orderRow(order.orderId)).toMatchObject({ status: "paid" });
    expect(await paymentRow(card.id)).toMatchObject({ status: "succeeded" });
    await expectConsistent([order.orderId]);
  });
});

describe("late payments", () => {
  it("a late payment whose discount code was used up meanwhile is refunded and takes neither the stock nor the use", async () => {
    const code = await createDiscount({ type: "fixed", value: 1_000, usage_limit: 1 });
    const a = await pendingOrder({ discountId: code.id, ttlMs: 60_000 });
    expect(await redeemDiscount({ env, db: db() }, code.id, "buyer-a", a.orderId)).toBe(true);
    await lapseHolds(a.variants[0]!.id);
    await db().update(orders).set({ reservationExpiresAt: Date.now() - 1 }).where(eq(orders.id, a.orderId));
    expect(await expireLapsedOrders({ env, db: db() })).toBeGreaterThanOrEqual(1);
    expect((await orderRow(a.orderId)).status).toBe("expired");

    const b = await pendingOrder({ discountId: code.id });
    expect(await redeemDiscount({ env, db: db() }, code.id, "buyer-b", b.orderId)).toBe(true);
    const card = await addPayment(a.orderId, "stripe", a.total);
    const res = await sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, a.total * 100));
    expect(await json(res)).toMatchObject({ outcome: "auto_refunded" });

    expect((await db().select().from(discounts).where(eq(discounts.id, code.id)))[0]?.usedCount).toBe(1);
    expect((await db().select().from(discountRedemptions).where(eq(discountRedemptions.discountId, code.id))).map((r) => r.orderId)).toEqual([b.orderId]);
    expect(await orderRow(a.orderId)).toMatchObject({ status: "expired", paymentStatus: "refunded" });
    expect(await stock(a.variants[0]!.id)).toMatchObject({ on_hand: 5, held: 0 });
    await expectConsistent([a.orderId, b.orderId]);
  });

  it("the cron releasing a lapsed hold before the stock object's alarm expires it, so a late payment still gets the stock", async () => {
    const order = await pendingOrder({ lines: [{ stock: 3, qty: 2 }] });
    await lapseHolds(order.variants[0]!.id);
    await db().update(orders).set({ reservationExpiresAt: Date.now() - 1 }).where(eq(orders.id, order.orderId));
    await expireLapsedOrders({ env, db: db() });
    expect(await holdOf(order.variants[0]!.id, order.orderId)).toMatchObject({ status: "expired" });

    const card = await addPayment(order.orderId, "stripe", order.total);
    const res = await sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100));
    expect(await json(res)).toMatchObject({ outcome: "applied" });
    expect(await orderRow(order.orderId)).toMatchObject({ status: "paid" });
    expect(await stock(order.variants[0]!.id)).toMatchObject({ on_hand: 1, held: 0 });
    expect(stripeRefunds()).toHaveLength(0);
    await expectConsistent([order.orderId]);
  });
});

describe("refunds are serialized and never exceed what was paid", () => {
  async function paidByStripe() {
    const order = await pendingOrder({ lines: [{ stock: 5, qty: 1, unitPrice: 100_000 }] });
    const card = await addPayment(order.orderId, "stripe", order.total);
    await sendStripeEvent("payment_intent.succeeded", intent(card.providerRef!, order.total * 100));
    return { order, card };
  }

  it("two partial refunds at once (60 % and 50 %): one is made, the other refused, the provider is asked once", async () => {
    const { order, card } = await paidByStripe();
    const answers = await Promise.all([refund(card.id, 60_000), refund(card.id, 50_000)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 422]);
    const refused = answers.find((r) => r.status === 422)!;
    await expectError(refused, 422, "refund_exceeds_payment");
    expect(stripeRefunds()).toHaveLength(1);
    const after = await paymentRow(card.id);
    expect([60_000, 50_000]).toContain(after.refundedAmount);
    expect(await orderRow(order.orderId)).toMatchObject({ status: "partially_refunded", refundedAmount: after.refundedAmount });
    await expectConsistent([order.orderId]);
  });

  it("a retried partial refund with the same Idempotency-Key refunds once; the rest can still be refunded", async () => {
    const { order, card } = await paidByStripe();
    const key = `refund-${crypto.randomUUID()}`;
    const answers = await Promise.all([refund(card.id, 30_000, key), refund(card.id, 30_000, key)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect((await refund(card.id, 30_000, key)).status).toBe(200);
    expect(stripeRefunds()).toHaveLength(1);
    expect((await paymentRow(card.id)).refundedAmount).toBe(30_000);

    expect((await refund(card.id)).status).toBe(200);
    expect(await paymentRow(card.id)).toMatchObject({ status: "refunded", refundedAmount: 100_000 });
    expect(await orderRow(order.orderId)).toMatchObject({ status: "refunded", paymentStatus: "refunded" });
    await expectError(await refund(card.id, 1), 409, "payment_not_refundable");
    // Refunded in full before shipping: the unit is back on the shelf.
    expect(await stock(order.variants[0]!.id)).toMatchObject({ on_hand: 5 });
    await expectConsistent([order.orderId]);
  });

  it("a staff refund the provider cannot make is a 502 with nothing recorded as refunded", async () => {
    const { order, card } = await paidByStripe();
    providers.restore();
    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(JSON.stringify({ error: { type: "api_error", message: "down" } }), { status: 500 }));
    try {
      await expectError(await refund(card.id, 10_000), 502, "provider_error");
    } finally {
      spy.mockRestore();
      providers = stubProviders();
    }
    expect(await paymentRow(card.id)).toMatchObject({ status: "succeeded", refundedAmount: 0 });
    expect((await refundRows(order.orderId)).map((r) => r.status)).toEqual(["failed"]);
    expect((await refund(card.id, 10_000)).status).toBe(200);
    await expectConsistent([order.orderId]);
  });
});

describe("Midtrans notifications are confirmed with Get Status", () => {
  it("a captured settlement replayed as a refund changes nothing: Midtrans says it settled", async () => {
    const order = await pendingOrder();
    const payment = await addPayment(order.orderId, "midtrans", order.total);
    const settled = await sendMidtransNotification({ order_id: payment.id, transaction_status: "settlement", gross_amount: `${order.total}.00` });
    expect(await json(settled)).toMatchObject({ outcome: "applied" });

    const replay = await sendMidtransNotification({ order_id: payment.id, transaction_status: "refund", gross_amount: `${order.total}.00`, record: false });
    expect(replay.status).toBe(200);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "succeeded", refundedAmount: 0 });
    expect((await orderRow(order.orderId)).status).toBe("paid");
    await expectConsistent([order.orderId]);
  });

  it("a capture under fraud review replayed as accepted is not money", async () => {
    const order = await pendingOrder();
    const payment = await addPayment(order.orderId, "midtrans", order.total);
    const review = await sendMidtransNotification({ order_id: payment.id, transaction_status: "capture", fraud_status: "challenge", gross_amount: `${order.total}.00` });
    expect(await json(review)).toMatchObject({ outcome: "ignored" });
    const forged = await sendMidtransNotification({ order_id: payment.id, transaction_status: "capture", fraud_status: "accept", gross_amount: `${order.total}.00`, record: false });
    // Get Status still says challenge: the same news as before, nothing new to apply.
    expect(await json(forged)).toMatchObject({ duplicate: true });
    expect((await orderRow(order.orderId)).status).toBe("pending_payment");
    expect((await paymentRow(payment.id)).status).toBe("pending");
  });

  it("a notification for a transaction Midtrans does not know is ignored; Midtrans unreachable is a 502", async () => {
    const order = await pendingOrder();
    const payment = await addPayment(order.orderId, "midtrans", order.total);
    midtransLedger.delete(payment.id);
    const unknown = await sendMidtransNotification({ order_id: payment.id, transaction_status: "settlement", gross_amount: `${order.total}.00`, record: false });
    expect(await json(unknown)).toMatchObject({ outcome: "ignored" });

    providers.restore();
    const spy = vi.spyOn(globalThis, "fetch").mockRejectedValue(new TypeError("Network connection lost."));
    try {
      await expectError(
        await sendMidtransNotification({ order_id: payment.id, transaction_status: "settlement", gross_amount: `${order.total}.00` }),
        502,
        "provider_error",
      );
      await expectError(
        await api("/payments", { headers: { "X-Order-Token": order.orderToken }, body: { order_id: order.orderId, provider: "midtrans" } }),
        502,
        "provider_error",
      );
    } finally {
      spy.mockRestore();
      providers = stubProviders();
    }
    expect((await paymentRow(payment.id)).status).toBe("pending");
  });
});

describe("reconciliation", () => {
  it("finds money kept without a paid order and stock sold to an unpaid one; the order's authority repairs both", async () => {
    const order = await pendingOrder();
    const transfer = await addPayment(order.orderId, "manual", order.total);
    expect((await confirm(transfer.id)).status).toBe(200);
    // A write that bypassed the authority: D1 now says the paid order was cancelled.
    await db().update(orders).set({ status: "cancelled" }).where(eq(orders.id, order.orderId));
    const findings = await reconciliation(admin.token, [order.orderId]);
    expect(findings.map((f) => f.kind).sort()).toEqual(["payment_kept_without_order", "stock_committed_for_unpaid_order"]);

    const repaired = await reconcileAndRepair({ env, db: db() }, Date.now() + 10 * 60_000);
    expect(repaired.map((f) => f.order_id)).toContain(order.orderId);
    expect((await orderRow(order.orderId)).status).toBe("paid");
    expect(await reconciliation(admin.token, [order.orderId])).toEqual([]);
  });

  it("is for staff only", async () => {
    const customer = await userWithRole("customer");
    await expectError(await api("/admin/reconciliation", { token: customer.token }), 403, "forbidden");
    await expectError(await api("/admin/reconciliation"), 401, "unauthenticated");
  });
});
