import { describe, expect, it } from "vitest";
import { api, expectError, json } from "../helpers";
import { addItem, markPaid, placeOrder, registerCustomer, stockedVariant, userWithRole } from "../factories";
import { pdfText } from "../support/pdf-text";

type Line = { sku: string; store_id: string; line_total: number };

describe("a seller's view of a mixed order", () => {
  it("shows, lists and invoices only the seller's lines and subtotal, and the seller cannot move it", async () => {
    const mine = await stockedVariant(10);
    const theirs = await stockedVariant(10);
    const customer = await registerCustomer();
    await addItem(customer, mine.id, 2);
    await addItem(customer, theirs.id, 3);
    const order = await json(await placeOrder(customer));
    expect(order.items).toHaveLength(2);
    const myLine = order.items.find((i: Line) => i.store_id === mine.storeId) as Line;
    const theirLine = order.items.find((i: Line) => i.store_id === theirs.storeId) as Line;
    const seller = await userWithRole("seller", mine.storeId);

    for (const path of [`/admin/orders/${order.id}`, `/orders/${order.id}`]) {
      const view = await json(await api(path, { token: seller.token }));
      expect(view.items.map((i: Line) => i.sku)).toEqual([myLine.sku]);
      expect(view).toMatchObject({ subtotal: myLine.line_total, total: myLine.line_total, discount: 0, shipping: 0, tax: 0, scoped_store_id: mine.storeId });
      expect(JSON.stringify(view)).not.toContain(theirLine.sku);
    }
    const listed = await json(await api("/admin/orders", { token: seller.token }));
    expect(listed.data).toEqual([expect.objectContaining({ id: order.id, total: myLine.line_total, item_count: 2 })]);

    // Staff still see the whole order.
    const staff = await userWithRole("staff");
    const whole = await json(await api(`/admin/orders/${order.id}`, { token: staff.token }));
    expect(whole.items).toHaveLength(2);
    expect(whole.total).toBe(order.total);
    expect(whole.scoped_store_id).toBeUndefined();

    await markPaid(order.id);
    await expectError(await api(`/admin/orders/${order.id}/transitions`, { token: seller.token, body: { to: "processing" } }), 403, "forbidden");

    const invoice = await api(`/orders/${order.id}/invoice`, { token: seller.token });
    expect(invoice.status).toBe(200);
    expect(invoice.headers.get("Cache-Control")).toBe("private, no-store");
    const text = await pdfText(new Uint8Array(await invoice.arrayBuffer()));
    expect(text).toContain(myLine.sku);
    expect(text).not.toContain(theirLine.sku);
    // The buyer's own invoice is the whole order.
    const full = await pdfText(new Uint8Array(await (await api(`/orders/${order.id}/invoice`, { token: customer.token })).arrayBuffer()));
    expect(full).toContain(theirLine.sku);
  });
});
