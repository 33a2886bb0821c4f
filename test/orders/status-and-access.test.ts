import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { orders } from "../../src/db/schema";
import { stockStub } from "../../src/inventory/stock-client";
import { CANCELLABLE_STATUSES, FULFILMENT_STEPS } from "../../src/orders/order-statuses";
import { type Actor, canTransition, nextStatuses, ORDER_STATUSES, type OrderStatus } from "../../src/orders/state-machine";
import { api, expectError, json } from "../helpers";
import { lapseHolds } from "../inventory/fixtures";
import { customerOrder, db, markPaid, registerCustomer, userWithRole } from "../factories";

describe("the status machine", () => {
  const allowed: Record<string, [OrderStatus, OrderStatus, Actor[]][]> = {
    flow: [
      ["pending_payment", "paid", ["system"]],
      ["paid", "processing", ["staff", "admin", "seller"]],
      ["processing", "shipped", ["staff", "admin", "seller"]],
      ["shipped", "out_for_delivery", ["staff", "admin", "seller"]],
      ["out_for_delivery", "delivered", ["staff", "admin", "seller"]],
      ["pending_payment", "expired", ["system"]],
      ["expired", "paid", ["system"]],
    ],
    cancel: [
      ["pending_payment", "cancelled", ["customer", "staff", "admin", "system"]],
      ["paid", "cancelled", ["customer", "staff", "admin"]],
      ["processing", "cancelled", ["customer", "staff", "admin"]],
    ],
  };
  const actors: Actor[] = ["customer", "seller", "staff", "admin", "system"];

  it("allows exactly the listed edges to exactly the listed actors", () => {
    const edges = [...allowed.flow!, ...allowed.cancel!];
    for (const [from, to, who] of edges) {
      for (const actor of actors) expect(canTransition(from, to, actor), `${actor}: ${from}→${to}`).toBe(who.includes(actor));
    }
    for (const from of ["paid", "processing", "shipped", "out_for_delivery", "delivered"] as OrderStatus[]) {
      expect(canTransition(from, "refunded", "system")).toBe(true);
      expect(canTransition(from, "refunded", "admin")).toBe(false);
    }
    for (const from of ["cancelled", "refunded"] as OrderStatus[]) {
      for (const to of ORDER_STATUSES) for (const actor of actors) expect(canTransition(from, to, actor)).toBe(false);
    }
    // Nothing goes backwards.
    expect(canTransition("shipped", "processing", "admin")).toBe(false);
    expect(canTransition("delivered", "shipped", "system")).toBe(false);
    expect(canTransition("shipped", "cancelled", "admin")).toBe(false);
  });

  it("offers the console the steps the table allows (order-statuses.ts)", () => {
    for (const from of ORDER_STATUSES) {
      const step = FULFILMENT_STEPS[from];
      for (const actor of ["staff", "admin", "seller"] as const) {
        expect(nextStatuses(from, actor).filter((to) => to !== "cancelled"), `${actor}: ${from}`).toEqual(step ? [step] : []);
      }
      for (const actor of ["staff", "admin"] as const) expect(canTransition(from, "cancelled", actor), `${actor}: ${from}`).toBe(CANCELLABLE_STATUSES.includes(from));
    }
  });

  it("answers 409 invalid_transition with the allowed next statuses, and 403 for the wrong role", async () => {
    const { order } = await customerOrder();
    const staff = await userWithRole("staff");
    const skip = await expectError(
      await api(`/admin/orders/${order.id}/transitions`, { token: staff.token, body: { to: "shipped", tracking_number: "X123" } }),
      409,
      "invalid_transition",
    );
    expect(skip.details).toMatchObject({ from: "pending_payment", to: "shipped", allowed: ["cancelled"] });
    await expectError(await api(`/admin/orders/${order.id}/transitions`, { token: staff.token, body: { to: "paid" } }), 403, "forbidden");
    const customer = await registerCustomer();
    await expectError(await api(`/admin/orders/${order.id}/transitions`, { token: customer.token, body: { to: "processing" } }), 403, "forbidden");
  });
});

describe("cancelling", () => {
  it("releases held stock when a customer cancels an unpaid order, and refuses once shipped", async () => {
    const { v, customer, order } = await customerOrder(5, 2);
    expect((await stockStub(env, v.id).state()).held).toBe(2);
    const res = await api(`/orders/${order.id}/cancel`, { token: customer.token, body: {} });
    expect(res.status).toBe(200);
    expect((await json(res)).status).toBe("cancelled");
    expect(await stockStub(env, v.id).state()).toMatchObject({ on_hand: 5, held: 0, available: 5 });
    await expectError(await api(`/orders/${order.id}/cancel`, { token: customer.token, body: {} }), 409, "invalid_transition");

    const shipped = await customerOrder();
    await markPaid(shipped.order.id);
    const staff = await userWithRole("staff");
    for (const [to, extra] of [["processing", {}], ["shipped", { tracking_number: "JNT998877" }]] as const) {
      await api(`/admin/orders/${shipped.order.id}/transitions`, { token: staff.token, body: { to, ...extra } });
    }
    await expectError(await api(`/orders/${shipped.order.id}/cancel`, { token: shipped.customer.token, body: {} }), 409, "invalid_transition");
  });

  it("returns sold units to on-hand stock when a paid order is cancelled", async () => {
    const { v, customer, order } = await customerOrder(5, 3);
    await markPaid(order.id);
    expect(await stockStub(env, v.id).state()).toMatchObject({ on_hand: 2, held: 0 });
    expect((await api(`/orders/${order.id}/cancel`, { token: customer.token, body: {} })).status).toBe(200);
    expect(await stockStub(env, v.id).state()).toMatchObject({ on_hand: 5, held: 0, available: 5 });
  });
});

describe("expiry", () => {
  it("moves an unpaid order whose hold lapsed to expired and gives the stock back (cron)", async () => {
    const { v, order } = await customerOrder(4, 2);
    await db().update(orders).set({ reservationExpiresAt: Date.now() - 1000 }).where(eq(orders.id, order.id));
    await lapseHolds(v.id);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const row = await db().query.orders.findFirst({ where: eq(orders.id, order.id) });
    expect(row?.status).toBe("expired");
    expect(await stockStub(env, v.id).state()).toMatchObject({ on_hand: 4, held: 0, available: 4 });
  });
});

describe("BOLA: another customer's order is a 404", () => {
  it("customer B cannot read, cancel or invoice customer A's order", async () => {
    const { order } = await customerOrder();
    await markPaid(order.id);
    const other = await registerCustomer();
    await expectError(await api(`/orders/${order.id}`, { token: other.token }), 404, "not_found");
    await expectError(await api(`/orders/${order.id}/cancel`, { token: other.token, body: {} }), 404, "not_found");
    await expectError(await api(`/orders/${order.id}/invoice`, { token: other.token }), 404, "not_found");
    expect((await json(await api("/orders", { token: other.token }))).data).toHaveLength(0);
    await expectError(await api("/admin/orders", { token: other.token }), 403, "forbidden");
  });

  it("a seller sees and fulfils only orders of their own store", async () => {
    const admin = await userWithRole("admin");
    const { v, order } = await customerOrder();
    const own = await userWithRole("seller", v.storeId);
    const storeB = await json(await api("/admin/stores", { token: admin.token, body: { name: "Other Store" } }));
    const stranger = await userWithRole("seller", storeB.id);

    expect((await json(await api("/admin/orders", { token: own.token }))).data.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect((await json(await api("/admin/orders", { token: stranger.token }))).data).toHaveLength(0);
    await expectError(await api(`/admin/orders/${order.id}`, { token: stranger.token }), 404, "not_found");

    await markPaid(order.id);
    await expectError(await api(`/admin/orders/${order.id}/transitions`, { token: stranger.token, body: { to: "processing" } }), 404, "not_found");
    const moved = await api(`/admin/orders/${order.id}/transitions`, { token: own.token, body: { to: "processing" } });
    expect(moved.status).toBe(200);
    await expectError(await api(`/admin/orders/${order.id}/transitions`, { token: own.token, body: { to: "cancelled" } }), 403, "forbidden");
  });
});
