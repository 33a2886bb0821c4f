import { describe, expect, it } from "vitest";
import { orderStatusEmail, paymentRefundedApologyEmail } from "../../src/notifications/templates";

const order = {
  orderId: "o1",
  number: "ORD-2026-0001",
  email: "buyer@example.com",
  trackingNumber: "JNE123456",
  note: null,
  lines: [
    { name: "Batik <shirt>", quantity: 2, lineTotal: "IDR 100,000" },
    { name: "Canvas cap", quantity: 1, lineTotal: "IDR 30,000" },
  ],
  breakdown: [
    { label: "Subtotal", amount: "IDR 130,000" },
    { label: "Shipping", amount: "IDR 20,000" },
  ],
  total: "IDR 150,000",
};

describe("order email templates", () => {
  it("shows lines, totals and the tracking number once shipped, in text and escaped HTML", () => {
    const email = orderStatusEmail("Edge Commerce", { ...order, status: "shipped" });
    expect(email).toMatchObject({ key: "order:o1:shipped", template: "order_shipped", subject: "Order shipped: ORD-2026-0001" });
    for (const part of ["Tracking number: JNE123456", "2 × Batik <shirt> — IDR 100,000", "Shipping: IDR 20,000", "Total: IDR 150,000"]) {
      expect(email.text).toContain(part);
    }
    expect(email.html).toContain("Batik &lt;shirt&gt;");
    expect(email.html).toContain("JNE123456");
    expect(email.html).toContain("IDR 150,000");
  });

  it("keeps tracking for out_for_delivery but not before shipping", () => {
    expect(orderStatusEmail("Shop", { ...order, status: "out_for_delivery" }).text).toContain("JNE123456");
    expect(orderStatusEmail("Shop", { ...order, status: "paid" }).text).not.toContain("JNE123456");
  });

  it("apologizes for a payment refunded after the hold expired, once per payment", () => {
    const data = { ...order, paymentId: "pay1", reason: "out_of_stock" as const, refunded: "IDR 150,000" };
    const email = paymentRefundedApologyEmail("Edge Commerce", data);
    expect(email).toMatchObject({ key: "payment_auto_refund:pay1", template: "paid_after_expiry", to: "buyer@example.com" });
    expect(email.text).toContain("sold out meanwhile");
    expect(paymentRefundedApologyEmail("Shop", { ...data, reason: "already_paid" }).template).toBe("payment_refunded");
    expect(email.subject).toContain("ORD-2026-0001");
    expect(email.text).toContain("refunded IDR 150,000");
    expect(email.text).toContain("Canvas cap");
    expect(email.html).toContain("<table");
  });
});
