import { describe, expect, it, vi } from "vitest";
import { catalogWorld, createProduct, createVariant, customerOrder, expectStatus, markPaid, orderRow, registerCustomer, uniq, userWithRole } from "../factories";
import { api, expectError, json } from "../helpers";
import { failD1InOrder, settleOrder } from "../orders/authority-fixtures";
import { createPendingOrder } from "../payments/fixtures";
import { walkPages } from "../support/pages";

type Entry = { actor_id: string; actor_role: string; action: string; object_id: string; changes: Record<string, { before: unknown; after: unknown }>; request_id: string };

const entriesOf = (adminToken: string, objectType: string, objectId: string) =>
  walkPages<Entry>(`/admin/audit-log?object_type=${objectType}&object_id=${objectId}`, adminToken);

const requestId = () => `audit-${uniq()}`;

describe("audit trail of order, payment, refund, stock and export writes", () => {
  it("staff transitions (bulk too), tracking numbers and cancels leave one row each with the order change; customers' and refused ones none", async () => {
    const admin = await userWithRole("admin");
    const staff = await userWithRole("staff");
    const a = await customerOrder();
    const b = await customerOrder();
    const c = await customerOrder();
    await markPaid(a.order.id);
    await markPaid(b.order.id);

    const move = (orderId: string, body: Record<string, unknown>, id = requestId()) =>
      api(`/admin/orders/${orderId}/transitions`, { token: staff.token, headers: { "X-Request-Id": id }, body });
    await expectStatus(await move(a.order.id, { to: "processing" }), 200);
    const shipId = requestId();
    await expectStatus(await move(a.order.id, { to: "shipped", tracking_number: "JNE-123" }, shipId), 200);
    // Refused: nothing changed, nothing recorded.
    await expectError(await move(a.order.id, { to: "processing" }), 409, "invalid_transition");
    await expectStatus(await move(a.order.id, { to: "out_for_delivery" }), 200);

    const rowsA = await entriesOf(admin.token, "order", a.order.id);
    expect(rowsA.map((r) => [r.action, r.changes])).toEqual([
      ["transition", { status: { before: "shipped", after: "out_for_delivery" } }],
      ["transition", { status: { before: "processing", after: "shipped" }, tracking_number: { before: null, after: "JNE-123" } }],
      ["transition", { status: { before: "paid", after: "processing" } }],
    ]);
    expect(rowsA[1]).toMatchObject({ actor_id: staff.userId, actor_role: "staff", request_id: shipId });

    const bulkId = requestId();
    const bulk = await api("/admin/orders/bulk-transitions", { token: staff.token, headers: { "X-Request-Id": bulkId }, body: { order_ids: [b.order.id, c.order.id], to: "processing" } });
    expect((await json(bulk)).results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
    expect(await entriesOf(admin.token, "order", c.order.id)).toEqual([]);

    // Staff cancel (a paid order: refunded and restocked by the order's authority; the cancel is the one audited write).
    await expectStatus(await move(b.order.id, { to: "cancelled", note: "Customer called" }), 200);
    const rowsB = await entriesOf(admin.token, "order", b.order.id);
    expect(rowsB.map((r) => [r.action, r.changes.status, r.request_id === bulkId])).toEqual([
      ["cancel", { before: "processing", after: "cancelled" }, false],
      ["transition", { before: "paid", after: "processing" }, true],
    ]);

    // A customer cancelling their own order is not an admin write; staff cancelling through the same route is.
    const mine = await customerOrder();
    await expectStatus(await api(`/orders/${mine.order.id}/cancel`, { token: mine.customer.token, body: {} }), 200);
    expect(await entriesOf(admin.token, "order", mine.order.id)).toEqual([]);
    await expectStatus(await api(`/orders/${c.order.id}/cancel`, { token: staff.token, body: {} }), 200);
    expect((await entriesOf(admin.token, "order", c.order.id)).map((r) => [r.action, r.actor_role])).toEqual([["cancel", "staff"]]);
  });

  it("an order's audit row and its change land in one batch: a cut-off write leaves neither, its retry both, once", async () => {
    const admin = await userWithRole("admin");
    const staff = await userWithRole("staff");
    const { order } = await customerOrder();
    await markPaid(order.id);
    const failed = await failD1InOrder(order.id, (sql) => /^insert into "audit_log"/i.test(sql));
    const cut = await api(`/admin/orders/${order.id}/transitions`, { token: staff.token, body: { to: "processing" } });
    expect(cut.status).toBe(202);
    expect(failed.count).toBe(1);
    expect((await orderRow(order.id)).status).toBe("paid");
    expect(await entriesOf(admin.token, "order", order.id)).toEqual([]);

    await settleOrder(order.id);
    expect((await orderRow(order.id)).status).toBe("processing");
    expect((await entriesOf(admin.token, "order", order.id)).map((r) => r.changes.status)).toEqual([{ before: "paid", after: "processing" }]);
  });

  it("manual transfer confirms and rejects, refunds and refund settlements each leave one row, retries none", async () => {
    const admin = await userWithRole("admin");
    const staff = await userWithRole("staff");
    const customer = await registerCustomer();
    const order = await createPendingOrder({ userId: customer.userId, stock: 5, qty: 1 });
    const pay = async () => json(await api("/payments", { token: customer.token, body: { order_id: order.orderId, provider: "manual" } }));

    const rejected = await pay();
    await expectStatus(await api(`/admin/payments/${rejected.id}/reject`, { token: staff.token, body: { reason: "No transfer" } }), 200);
    expect((await entriesOf(admin.token, "payment", rejected.id)).map((r) => [r.action, r.changes])).toEqual([
      ["reject", { status: { before: "pending", after: "failed" }, failure_reason: { before: null, after: "No transfer" } }],
    ]);

    const payment = await pay();
    const confirmId = requestId();
    await expectStatus(await api(`/admin/payments/${payment.id}/confirm`, { method: "POST", token: staff.token, headers: { "X-Request-Id": confirmId } }), 200);
    // A retried confirm replays the decision: no second row.
    await expectStatus(await api(`/admin/payments/${payment.id}/confirm`, { method: "POST", token: staff.token }), 200);
    const confirms = await entriesOf(admin.token, "payment", payment.id);
    expect(confirms).toHaveLength(1);
    expect(confirms[0]).toMatchObject({ action: "confirm", actor_id: staff.userId, request_id: confirmId, changes: { status: { before: "pending", after: "succeeded" } } });

    // A refund refused (more than was paid) leaves nothing; the one made, a row naming the refund; a retry with its key, none.
    await expectError(await api(`/admin/payments/${payment.id}/refund`, { token: admin.token, body: { amount: order.total + 1 } }), 422, "refund_exceeds_payment");
    const key = { "Idempotency-Key": `refund-${uniq()}` };
    await expectStatus(await api(`/admin/payments/${payment.id}/refund`, { token: admin.token, headers: key, body: { amount: 1_000 } }), 200);
    await expectStatus(await api(`/admin/payments/${payment.id}/refund`, { token: admin.token, headers: key, body: { amount: 1_000 } }), 200);
    const refunds = (await json(await api(`/admin/refunds?order_id=${order.orderId}`, { token: admin.token }))).data as { id: string; status: string }[];
    expect(refunds.map((r) => r.status)).toEqual(["due"]);
    const refundId = refunds[0]?.id as string;

    await expectStatus(await api(`/admin/refunds/${refundId}/settle`, { token: staff.token, body: { reference: "BCA-77" } }), 200);
    await expectError(await api(`/admin/refunds/${refundId}/settle`, { token: staff.token, body: { reference: "BCA-78" } }), 409, "refund_not_due");
    const refundRows = await entriesOf(admin.token, "refund", refundId);
    expect(refundRows.map((r) => [r.action, r.actor_role, r.changes])).toEqual([
      ["settle", "staff", { status: { before: "due", after: "succeeded" }, provider_refund_ref: { before: null, after: "BCA-77" } }],
      ["create", "admin", { payment_id: { before: null, after: payment.id }, order_id: { before: null, after: order.orderId }, amount: { before: null, after: 1_000 }, status: { before: null, after: "pending" } }],
    ]);
  });

  it("a stock adjustment's row reaches D1 with its read-model write; refused and replayed ones leave none", async () => {
    const w = await catalogWorld();
    const product = await createProduct(w.seller.token, { name: `Stocked ${uniq()}`, base_price: 5_000, category_id: w.child.id });
    const variant = await createVariant(w.seller.token, product.id, { sku: `ST-${uniq()}`, stock: 4 });
    const adjust = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      api(`/admin/variants/${variant.id}/stock`, { token: w.seller.token, headers, body });

    const key = { "Idempotency-Key": `adj-${uniq()}`, "X-Request-Id": requestId() };
    await expectStatus(await adjust({ delta: 6, reason: "restock" }, key), 200);
    await expectStatus(await adjust({ delta: 6, reason: "restock" }, key), 200);
    await expectError(await adjust({ delta: -11, reason: "lost" }), 409, "below_held");
    await expectStatus(await adjust({ set: 7, reason: "recount" }), 200);

    const adjusted = async () => (await entriesOf(w.admin.token, "variant", variant.id)).filter((r) => r.action === "adjust_stock");
    await vi.waitFor(async () => expect(await adjusted()).toHaveLength(2), { timeout: 30_000, interval: 50 });
    const rows = await adjusted();
    expect(rows.map((r) => r.changes)).toEqual([
      { on_hand: { before: 10, after: 7 }, available: { before: 10, after: 7 }, reason: { before: null, after: "recount" } },
      { on_hand: { before: 4, after: 10 }, available: { before: 4, after: 10 }, reason: { before: null, after: "restock" } },
    ]);
    expect(rows[1]).toMatchObject({ actor_role: "seller", request_id: key["X-Request-Id"] });
  });

  it("an export request leaves its row", async () => {
    const admin = await userWithRole("admin");
    const res = await api("/admin/reports/exports", { token: admin.token, body: { report: "products", format: "csv", from: "2026-01-01", to: "2026-01-31" } });
    const queued = await expectStatus(res, 202);
    const rows = await entriesOf(admin.token, "export", queued.id);
    expect(rows.map((r) => [r.action, r.actor_id, r.changes.report, r.changes.format])).toEqual([
      ["create", admin.userId, { before: null, after: "products" }, { before: null, after: "csv" }],
    ]);
  });
});
