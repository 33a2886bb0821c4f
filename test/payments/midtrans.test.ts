import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api, expectError, json } from "../helpers";
import { createPendingOrder, sendMidtransNotification, stubProviders } from "./fixtures";
import { orderRow, registerCustomer, userWithRole } from "../factories";

let providers: ReturnType<typeof stubProviders>;
beforeEach(() => {
  providers = stubProviders();
});
afterEach(() => providers.restore());

async function payWithMidtrans() {
  const customer = await registerCustomer();
  const order = await createPendingOrder({ userId: customer.userId, stock: 5, qty: 2 });
  const res = await api("/payments", { token: customer.token, body: { order_id: order.orderId, provider: "midtrans" } });
  expect(res.status).toBe(201);
  return { customer, order, payment: await json(res) };
}

describe("Midtrans Snap payments", () => {
  it("creates a Snap transaction with Basic auth of the server key and the order total", async () => {
    const { order, payment } = await payWithMidtrans();
    expect(payment).toMatchObject({ provider: "midtrans", status: "pending", amount: order.total, currency: "IDR" });
    expect(payment.snap_token).toMatch(/^snap-/);
    expect(payment.redirect_url).toContain("app.sandbox.midtrans.com");

    const [sent] = providers.to("app.sandbox.midtrans.com", "/snap/v1/transactions");
    if (!sent) throw new Error("no Snap request");
    expect(sent.url).toBe("https://app.sandbox.midtrans.com/snap/v1/transactions");
    expect(sent.headers.get("Authorization")).toBe(`Basic ${btoa("SB-Mid-server-test:")}`);
    expect(JSON.parse(sent.body)).toMatchObject({ transaction_details: { order_id: payment.id, gross_amount: order.total } });
  });

  it("a signed settlement pays the order and commits the stock; a redelivery is a no-op", async () => {
    const { order, payment } = await payWithMidtrans();
    const note = { order_id: payment.id, transaction_status: "settlement", gross_amount: `${order.total}.00` };
    const res = await sendMidtransNotification(note);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ duplicate: false, outcome: "applied" });
    expect((await orderRow(order.orderId)).status).toBe("paid");
    expect(await order.variant.stub.state()).toMatchObject({ on_hand: 3, held: 0 });

    expect(await json(await sendMidtransNotification(note))).toMatchObject({ duplicate: true });
  });

  it("deny records a failed payment and keeps the order pending", async () => {
    const { customer, order, payment } = await payWithMidtrans();
    const res = await sendMidtransNotification({ order_id: payment.id, transaction_status: "deny", status_code: "202", gross_amount: `${order.total}.00` });
    expect(await json(res)).toMatchObject({ outcome: "applied" });
    expect((await json(await api(`/payments/${payment.id}`, { token: customer.token }))).status).toBe("failed");
    expect((await orderRow(order.orderId)).status).toBe("pending_payment");
  });

  it("a wrong signature_key is a 400 and changes nothing", async () => {
    const { order, payment } = await payWithMidtrans();
    const res = await sendMidtransNotification({
      order_id: payment.id,
      transaction_status: "settlement",
      gross_amount: `${order.total}.00`,
      serverKey: "SB-Mid-server-forged",
    });
    await expectError(res, 400, "invalid_signature");
    expect((await orderRow(order.orderId)).status).toBe("pending_payment");
  });

  it("staff refund goes to the Core API refund endpoint, and the refund notification after it is a no-op", async () => {
    const { order, payment } = await payWithMidtrans();
    await sendMidtransNotification({ order_id: payment.id, transaction_status: "settlement", gross_amount: `${order.total}.00` });
    const staff = await userWithRole("staff");
    const res = await api(`/admin/payments/${payment.id}/refund`, { token: staff.token, body: {} });
    expect(await json(res)).toMatchObject({ status: "refunded", refunded_amount: order.total });

    const [sent] = providers.to("api.sandbox.midtrans.com", "/refund");
    if (!sent) throw new Error("no refund request");
    expect(sent.url).toBe(`https://api.sandbox.midtrans.com/v2/${payment.id}/refund`);
    expect(sent.headers.get("Authorization")).toBe(`Basic ${btoa("SB-Mid-server-test:")}`);
    expect(JSON.parse(sent.body)).toMatchObject({ amount: order.total });
    expect(await orderRow(order.orderId)).toMatchObject({ status: "refunded", refundedAmount: order.total });

    const echo = await sendMidtransNotification({ order_id: payment.id, transaction_status: "refund", gross_amount: `${order.total}.00` });
    expect(await json(echo)).toMatchObject({ outcome: "ignored" });
  });
});
