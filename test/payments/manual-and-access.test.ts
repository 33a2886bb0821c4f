import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPayment } from "../../src/payments/service";
import { AppError } from "../../src/lib/errors";
import { api, expectError, json } from "../helpers";
import { createPendingOrder, stubProviders } from "./fixtures";
import { db, orderRow, registerCustomer, userWithRole } from "../factories";

let providers: ReturnType<typeof stubProviders>;
beforeEach(() => {
  providers = stubProviders();
});
afterEach(() => providers.restore());

describe("manual bank transfer", () => {
  it("gives the bank instructions; only staff confirm, and confirming pays the order", async () => {
    const customer = await registerCustomer();
    const order = await createPendingOrder({ userId: customer.userId, stock: 5, qty: 1 });
    const res = await api("/payments", { token: customer.token, body: { order_id: order.orderId, provider: "manual" } });
    expect(res.status).toBe(201);
    const payment = await json(res);
    expect(payment.instructions).toContain("Transfer");
    expect(payment.reference).toMatch(/^T-/);

    await expectError(await api(`/admin/payments/${payment.id}/confirm`, { token: customer.token, method: "POST" }), 403, "forbidden");
    expect((await orderRow(order.orderId)).status).toBe("pending_payment");

    const staff = await userWithRole("staff");
    const confirmed = await api(`/admin/payments/${payment.id}/confirm`, { token: staff.token, method: "POST" });
    expect(await json(confirmed)).toMatchObject({ status: "succeeded" });
    expect((await orderRow(order.orderId)).status).toBe("paid");
    expect(await order.variant.stub.state()).toMatchObject({ on_hand: 4, held: 0 });
    // A retried confirm replays: same answer, nothing applied twice.
    const again = await api(`/admin/payments/${payment.id}/confirm`, { token: staff.token, method: "POST" });
    expect({ status: again.status, body: await json(again) }).toMatchObject({ status: 200, body: { status: "succeeded" } });
    expect(await order.variant.stub.state()).toMatchObject({ on_hand: 4, held: 0 });
    await expectError(await api(`/admin/payments/${payment.id}/reject`, { token: staff.token, method: "POST" }), 409, "payment_not_pending");
  });

  it("staff reject a transfer: the payment fails, the order stays payable", async () => {
    const customer = await registerCustomer();
    const order = await createPendingOrder({ userId: customer.userId });
    const payment = await json(await api("/payments", { token: customer.token, body: { order_id: order.orderId, provider: "manual" } }));
    await expectError(await api(`/admin/payments/${payment.id}/reject`, { token: customer.token, body: {} }), 403, "forbidden");
    const admin = await userWithRole("admin");
    const rejected = await api(`/admin/payments/${payment.id}/reject`, { token: admin.token, body: { reason: "No transfer arrived" } });
    expect(await json(rejected)).toMatchObject({ status: "failed", failure_reason: "No transfer arrived" });
    expect((await orderRow(order.orderId)).status).toBe("pending_payment");
  });
});

describe("who may pay and read", () => {
  it("another customer can neither pay nor read the order's payment (404); a guest with the order token can", async () => {
    const owner = await registerCustomer();
    const stranger = await registerCustomer();
    const order = await createPendingOrder({ userId: owner.userId });
    await expectError(await api("/payments", { token: stranger.token, body: { order_id: order.orderId, provider: "stripe" } }), 404, "not_found");
    const payment = await json(await api("/payments", { token: owner.token, body: { order_id: order.orderId, provider: "stripe" } }));
    await expectError(await api(`/payments/${payment.id}`, { token: stranger.token }), 404, "not_found");
    await expectError(await api(`/payments/${payment.id}`), 404, "not_found");

    const guestOrder = await createPendingOrder();
    await expectError(await api("/payments", { body: { order_id: guestOrder.orderId, provider: "manual" } }), 404, "not_found");
    const guestPay = await api("/payments", { headers: { "X-Order-Token": guestOrder.orderToken }, body: { order_id: guestOrder.orderId, provider: "manual" } });
    expect(guestPay.status).toBe(201);
    const read = await api(`/payments/${(await json(guestPay)).id}`, { headers: { "X-Order-Token": guestOrder.orderToken } });
    expect(read.status).toBe(200);
  });

  it("only a pending_payment order with a live hold can be paid; the client cannot set the amount", async () => {
    const customer = await registerCustomer();
    const expired = await createPendingOrder({ userId: customer.userId });
    await env.DB.prepare("UPDATE orders SET reservation_expires_at = ? WHERE id = ?").bind(Date.now() - 1, expired.orderId).run();
    await expectError(await api("/payments", { token: customer.token, body: { order_id: expired.orderId, provider: "stripe" } }), 409, "reservation_expired");

    const paid = await createPendingOrder({ userId: customer.userId });
    await env.DB.prepare("UPDATE orders SET status = 'paid' WHERE id = ?").bind(paid.orderId).run();
    await expectError(await api("/payments", { token: customer.token, body: { order_id: paid.orderId, provider: "stripe" } }), 409, "order_not_payable");

    const open = await createPendingOrder({ userId: customer.userId });
    const priced = await api("/payments", { token: customer.token, body: { order_id: open.orderId, provider: "stripe", amount: 1 } });
    await expectError(priced, 400, "validation_error");
  });

  it("a provider without its key answers 503 provider_not_configured", async () => {
    const customer = await registerCustomer();
    const order = await createPendingOrder({ userId: customer.userId });
    const principal = { id: customer.userId, role: "customer" as const, storeId: null };
    const keyless = { ...env, STRIPE_SECRET_KEY: undefined, MIDTRANS_SERVER_KEY: undefined };
    for (const provider of ["stripe", "midtrans"] as const) {
      const err = await createPayment({ env: keyless, db: db() }, { principal }, { orderId: order.orderId, provider }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ status: 503, code: "provider_not_configured" });
    }
    expect(providers.seen).toHaveLength(0);
  });

  it("admins list payments by status and provider, and see stats by provider and day", async () => {
    const customer = await registerCustomer();
    const order = await createPendingOrder({ userId: customer.userId });
    const payment = await json(await api("/payments", { token: customer.token, body: { order_id: order.orderId, provider: "manual" } }));
    const admin = await userWithRole("admin");
    await api(`/admin/payments/${payment.id}/confirm`, { token: admin.token, method: "POST" });

    await expectError(await api("/admin/payments", { token: customer.token }), 403, "forbidden");
    const list = await json(await api(`/admin/payments?provider=manual&status=succeeded&order_id=${order.orderId}`, { token: admin.token }));
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ id: payment.id, status: "succeeded", provider: "manual" });
    expect(list.data[0].instructions).toBeUndefined();

    const stats = await json(await api("/admin/payments/stats", { token: admin.token }));
    const manual = stats.by_provider.find((p: { provider: string }) => p.provider === "manual");
    expect(manual.succeeded).toBeGreaterThanOrEqual(1);
    expect(manual.volume).toBeGreaterThanOrEqual(order.total);
    expect(stats.by_day.length).toBeGreaterThan(0);
    expect(stats.by_day[0]).toHaveProperty("success_rate");
  });
});
