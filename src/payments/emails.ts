import { formatMoney } from "../lib/money";
import type { EmailMessage } from "../notifications/schemas";
import type { OrderRow } from "../orders/views";

export type AutoRefundReason = "out_of_stock" | "order_cancelled" | "already_paid";

const EXPLANATION: Record<AutoRefundReason, string> = {
  out_of_stock:
    "Your payment arrived after the time we could hold your items, and they sold out meanwhile. We could not fill the order.",
  order_cancelled: "Your payment arrived for an order that had already been cancelled.",
  already_paid: "This order had already been paid, so the second payment was not needed.",
};

/** The apology for money we will not keep. Minimal on purpose; notifications may replace it with a richer template. */
export function autoRefundEmail(appName: string, order: OrderRow, paymentId: string, amount: number, reason: AutoRefundReason): EmailMessage {
  const title = `We refunded your payment for order ${order.number}`;
  const paragraphs = [
    EXPLANATION[reason],
    `We have refunded ${formatMoney(amount, order.currency)} in full to your original payment method. We are sorry.`,
  ];
  const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return {
    key: `payment_auto_refund:${paymentId}`,
    template: reason === "out_of_stock" ? "paid_after_expiry" : "payment_refunded",
    to: order.email,
    subject: `${appName}: ${title}`,
    text: [title, "", ...paragraphs, "", `— ${appName}`].join("\n"),
    html: `<!doctype html><html><body><h1>${escape(title)}</h1>${paragraphs.map((p) => `<p>${escape(p)}</p>`).join("")}<p>— ${escape(appName)}</p></body></html>`,
  };
}
