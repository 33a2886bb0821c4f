import { describe, expect, it } from "vitest";
import { api, expectError, json } from "../helpers";
import { customerOrder, markPaid, userWithRole } from "../factories";

describe("admin lists, bulk transitions and stats", () => {
  it("filters, moves in bulk with a result per order, and counts", async () => {
    const a = await customerOrder();
    const b = await customerOrder();
    await markPaid(a.order.id);
    const staff = await userWithRole("staff");

    const paid = await json(await api("/admin/orders?status=paid", { token: staff.token }));
    expect(paid.data.map((o: { id: string }) => o.id)).toEqual([a.order.id]);
    const byNumber = await json(await api(`/admin/orders?search=${b.order.number}`, { token: staff.token }));
    expect(byNumber.data.map((o: { id: string }) => o.id)).toEqual([b.order.id]);
    await expectError(await api("/admin/orders?from=yesterday", { token: staff.token }), 400, "validation_error");

    const bulk = await json(
      await api("/admin/orders/bulk-transitions", { token: staff.token, body: { order_ids: [a.order.id, b.order.id, "missing"], to: "processing" } }),
    );
    expect(bulk.results).toEqual([
      { order_id: a.order.id, ok: true, status: "processing" },
      { order_id: b.order.id, ok: false, error: expect.objectContaining({ code: "invalid_transition" }) },
      { order_id: "missing", ok: false, error: expect.objectContaining({ code: "not_found" }) },
    ]);

    const stats = await json(await api("/admin/orders/stats", { token: staff.token }));
    expect(stats.counts_by_status).toMatchObject({ processing: 1, pending_payment: 1 });
    expect(stats.paid_orders).toBe(1);
    expect(stats.revenue).toBe(a.order.total);
    expect(stats.average_order_value).toBe(a.order.total);
    expect(stats.recent_orders).toHaveLength(2);
    expect(stats.orders_by_month[0]).toMatchObject({ orders: 2, revenue: a.order.total });
  });
});
