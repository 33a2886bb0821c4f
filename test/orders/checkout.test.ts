import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { stockStub } from "../../src/inventory/stock-client";
import { api, expectError, json, waitForOutbox } from "../helpers";
import { pdfText } from "../support/pdf-text";
import { addItem, ADDRESS, cartApi, guestWith, markPaid, placeOrder, registerCustomer, stockedVariant, userWithRole } from "../factories";

describe("checkout → history → fulfilment → invoice", () => {
  it("walks a customer's order from cart to delivered and serves its invoice", async () => {
    const shirt = await stockedVariant(10);
    const mug = await stockedVariant(5);
    const customer = await registerCustomer();
    await addItem(customer, shirt.id, 2);
    await addItem(customer, mug.id, 1);
    const cart = await json(await cartApi("/cart", customer));

    const res = await placeOrder(customer, { notes: "Leave at the door" });
    expect(res.status).toBe(201);
    const order = await json(res);
    expect(order).toMatchObject({
      status: "pending_payment",
      payment_status: "unpaid",
      email: customer.email,
      subtotal: cart.subtotal,
      total: cart.total,
      currency: "IDR",
      shipping_address: ADDRESS,
    });
    expect(order.number).toMatch(/^ORD-\d{8}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(Date.parse(order.reservation_expires_at)).toBeGreaterThan(Date.now());
    expect(order.items).toHaveLength(2);
    expect(order.order_token).toBeUndefined();
    expect(order.events).toEqual([expect.objectContaining({ from_status: null, to_status: "pending_payment" })]);
    expect((await stockStub(env, shirt.id).state()).held).toBe(2);
    expect((await json(await cartApi("/cart", customer))).items).toHaveLength(0);

    const history = await json(await api("/orders", { token: customer.token }));
    expect(history.data.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect(history.data[0]).toMatchObject({ number: order.number, item_count: 3 });

    await markPaid(order.id);
    expect(await stockStub(env, shirt.id).state()).toMatchObject({ on_hand: 8, held: 0 });

    const staff = await userWithRole("staff");
    const move = (to: string, extra: Record<string, unknown> = {}) =>
      api(`/admin/orders/${order.id}/transitions`, { token: staff.token, body: { to, ...extra } });
    expect((await move("processing")).status).toBe(200);
    await expectError(await move("shipped"), 400, "validation_error");
    expect((await move("shipped", { tracking_number: "JNE1234567" })).status).toBe(200);
    expect((await move("out_for_delivery")).status).toBe(200);
    const delivered = await json(await move("delivered", { note: "Received by Sari" }));
    expect(delivered).toMatchObject({ status: "delivered", tracking_number: "JNE1234567" });
    expect(delivered.events.map((e: { to_status: string }) => e.to_status)).toEqual([
      "pending_payment",
      "paid",
      "processing",
      "shipped",
      "out_for_delivery",
      "delivered",
    ]);
    expect(delivered.events.at(-1)).toMatchObject({ actor_role: "staff", actor_id: staff.userId, note: "Received by Sari" });

    const admin = await userWithRole("admin");
    expect((await waitForOutbox(admin.token, customer.email, "order_pending_payment")).subject).toContain(order.number);
    expect((await waitForOutbox(admin.token, customer.email, "order_shipped")).text).toContain("JNE1234567");

    const invoice = await api(`/orders/${order.id}/invoice`, { token: customer.token });
    expect(invoice.status).toBe(200);
    expect(invoice.headers.get("Content-Type")).toBe("application/pdf");
    expect(invoice.headers.get("Content-Disposition")).toContain("INV-000001.pdf");
    const text = await pdfText(new Uint8Array(await invoice.arrayBuffer()));
    expect(text).toContain(order.number);
    for (const item of order.items) expect(text).toContain(item.sku);
    expect(text).toContain(`IDR ${order.total.toLocaleString("en-US")}`);
    // Generated once: the second download is the same document.
    const again = await api(`/orders/${order.id}/invoice`, { token: customer.token });
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(new Uint8Array(await (await api(`/orders/${order.id}/invoice`, { token: customer.token })).arrayBuffer()));
  });

  it("lets a guest check out with an email and read the order by its token", async () => {
    const v = await stockedVariant(3);
    const guest = await guestWith(v.id, 1);
    await expectError(await placeOrder(guest), 400, "validation_error");
    const res = await placeOrder(guest, { email: "guest@example.com" });
    expect(res.status).toBe(201);
    const order = await json(res);
    expect(order.order_token).toBeTruthy();
    expect(order.email).toBe("guest@example.com");

    await expectError(await api(`/orders/${order.id}`), 404, "not_found");
    await expectError(await api(`/orders/${order.id}`, { headers: { "X-Order-Token": "wrong" } }), 404, "not_found");
    const read = await api(`/orders/${order.id}`, { headers: { "X-Order-Token": order.order_token } });
    expect(read.status).toBe(200);
    expect((await json(read)).order_token).toBeUndefined();
  });

  it("refuses an empty cart, a bad address and an unavailable product", async () => {
    const customer = await registerCustomer();
    await expectError(await placeOrder(customer), 422, "cart_empty");
    const v = await stockedVariant(2);
    await addItem(customer, v.id, 1);
    const bad = await placeOrder(customer, { shipping_address: { ...ADDRESS, country: "Indonesia" } });
    const error = await expectError(bad, 400, "validation_error");
    expect(error.details.fields[0].field).toBe("shipping_address.country");
  });

  it("replays a retried checkout with the same Idempotency-Key and refuses a different body", async () => {
    const v = await stockedVariant(5);
    const customer = await registerCustomer();
    await addItem(customer, v.id, 2);
    const key = "checkout-key-0001";
    const first = await placeOrder(customer, {}, { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    const order = await json(first);
    const retry = await placeOrder(customer, {}, { "Idempotency-Key": key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await json(retry)).id).toBe(order.id);
    expect((await stockStub(env, v.id).state()).held).toBe(2);
    await expectError(await placeOrder(customer, { notes: "changed" }, { "Idempotency-Key": key }), 409, "idempotency_conflict");
  });
});
