import type { EmailMessage } from "./schemas";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

/** An order's lines and totals, already formatted as money, shown as a table in HTML and aligned rows in text. */
interface Summary {
  lines: OrderEmailLine[];
  totals: { label: string; amount: string }[];
}

function summaryText(summary: Summary): string[] {
  return [
    ...summary.lines.map((l) => `${l.quantity} × ${l.name} — ${l.lineTotal}`),
    ...summary.totals.map((t) => `${t.label}: ${t.amount}`),
  ];
}

function summaryHtml(summary: Summary): string {
  const cell = (s: string | number, right = false) =>
    `<td style="padding:4px 8px${right ? ";text-align:right" : ""}">${escapeHtml(String(s))}</td>`;
  const lines = summary.lines.map((l) => `<tr>${cell(l.name)}${cell(l.quantity, true)}${cell(l.lineTotal, true)}</tr>`);
  const totals = summary.totals.map(
    (t) => `<tr><td colspan="2" style="padding:4px 8px;text-align:right">${escapeHtml(t.label)}</td>${cell(t.amount, true)}</tr>`,
  );
  return `<table style="border-collapse:collapse"><thead><tr><th align="left">Item</th><th align="right">Qty</th><th align="right">Total</th></tr></thead><tbody>${lines.join("")}</tbody><tfoot>${totals.join("")}</tfoot></table>`;
}

function layout(appName: string, title: string, paragraphs: string[], summary?: Summary): { text: string; html: string } {
  return {
    text: [title, "", ...paragraphs, ...(summary ? ["", ...summaryText(summary)] : []), "", `— ${appName}`].join("\n"),
    html: `<!doctype html><html><body style="font-family:sans-serif"><h1>${escapeHtml(title)}</h1>${paragraphs
      .map((p) => `<p>${escapeHtml(p)}</p>`)
      .join("")}${summary ? summaryHtml(summary) : ""}<p>— ${escapeHtml(appName)}</p></body></html>`,
  };
}

export function otpEmail(appName: string, phone: string, code: string, otpId: string): EmailMessage {
  return {
    key: `otp:${otpId}`,
    template: "otp_code",
    to: phone,
    subject: `${appName} login code`,
    ...layout(appName, "Your login code", [`Your code is ${code}. It expires in 5 minutes.`, "Never share it."]),
  };
}

export function passwordResetEmail(appName: string, to: string, token: string, resetId: string): EmailMessage {
  return {
    key: `password_reset:${resetId}`,
    template: "password_reset",
    to,
    subject: `Reset your ${appName} password`,
    ...layout(appName, "Reset your password", [
      `Use this token to choose a new password within one hour: ${token}`,
      "If you did not ask for this, ignore this email.",
    ]),
  };
}

export interface OrderEmailLine {
  name: string;
  quantity: number;
  lineTotal: string;
}

export interface OrderEmailData {
  orderId: string;
  number: string;
  email: string;
  status: string;
  trackingNumber: string | null;
  note: string | null;
  lines: OrderEmailLine[];
  /** Formatted money; the breakdown rows are shown when given (subtotal, discount, shipping, tax). */
  total: string;
  breakdown?: { label: string; amount: string }[];
}

const STATUS_WORDS: Record<string, [string, string]> = {
  pending_payment: ["Order received", "We are holding your items while you complete payment."],
  paid: ["Payment received", "Thank you: your payment is confirmed and we are preparing your order."],
  processing: ["Order being prepared", "Your order is being packed."],
  shipped: ["Order shipped", "Your order is on its way."],
  out_for_delivery: ["Out for delivery", "Your order will arrive today."],
  delivered: ["Order delivered", "Your order was delivered. Enjoy!"],
  cancelled: ["Order cancelled", "Your order was cancelled."],
  refunded: ["Order refunded", "Your payment has been refunded."],
  partially_refunded: ["Partial refund", "Part of your payment has been refunded."],
  expired: ["Order expired", "Payment was not completed in time, so the items were released."],
};

/** Statuses after the parcel left: the customer needs the tracking number in each of them. */
const TRACKED = new Set(["shipped", "out_for_delivery", "delivered"]);

const orderSummary = (order: Pick<OrderEmailData, "lines" | "total" | "breakdown">): Summary => ({
  lines: order.lines,
  totals: [...(order.breakdown ?? []), { label: "Total", amount: order.total }],
});

/** One email per order event; the key makes a redelivered queue message send once. */
export function orderStatusEmail(appName: string, order: OrderEmailData): EmailMessage {
  const [title, sentence] = STATUS_WORDS[order.status] ?? ["Order update", `Your order is now ${order.status}.`];
  const paragraphs = [
    `${sentence} Order ${order.number}.`,
    ...(order.trackingNumber && TRACKED.has(order.status) ? [`Tracking number: ${order.trackingNumber}`] : []),
    ...(order.note ? [order.note] : []),
  ];
  return {
    key: `order:${order.orderId}:${order.status}`,
    template: `order_${order.status}`,
    to: order.email,
    subject: `${title}: ${order.number}`,
    ...layout(appName, title, paragraphs, orderSummary(order)),
  };
}

/** Why a payment was refunded automatically; the same reasons as the payments domain's `AutoRefundReason`. */
export type RefundApologyReason = "out_of_stock" | "order_cancelled" | "already_paid" | "offer_ended";

export interface PaymentRefundedApologyData {
  /** The refunded payment: the dedupe key, so each refunded payment is apologized for once. */
  paymentId: string;
  orderId: string;
  number: string;
  email: string;
  reason: RefundApologyReason;
  lines: OrderEmailLine[];
  total: string;
  /** Formatted money refunded to the customer. */
  refunded: string;
}

const REFUND_EXPLANATION: Record<RefundApologyReason, string> = {
  out_of_stock:
    "Your payment reached us after the time we could hold your items, and they sold out meanwhile, so we could not fill the order.",
  order_cancelled: "Your payment arrived for an order that had already been cancelled.",
  already_paid: "This order had already been paid, so the second payment was not needed.",
  offer_ended:
    "Your payment reached us after the time we could hold your order, and the discount code it used had no uses left meanwhile.",
};

/**
 * The apology for money we will not keep, e.g. a payment that arrived after the hold expired and the stock
 * was gone (docs/ARCHITECTURE.md invariant 2: never "paid, but out of stock" in silence). Template `paid_after_expiry` for
 * that case, `payment_refunded` otherwise; the key matches the payments domain's `payment_auto_refund:<id>`.
 */
export function paymentRefundedApologyEmail(appName: string, data: PaymentRefundedApologyData): EmailMessage {
  const title = "Sorry: we refunded your payment";
  return {
    key: `payment_auto_refund:${data.paymentId}`,
    template: data.reason === "out_of_stock" ? "paid_after_expiry" : "payment_refunded",
    to: data.email,
    subject: `${title} for ${data.number}`,
    ...layout(
      appName,
      title,
      [
        `${REFUND_EXPLANATION[data.reason]} Order ${data.number}.`,
        `We have refunded ${data.refunded} in full to your original payment method; banks usually show it within 5–10 business days.`,
        "We are sorry for the trouble.",
      ],
      orderSummary(data),
    ),
  };
}

export interface StockDigestLine {
  sku: string;
  product: string;
  available: number;
  threshold: number;
  unitsToAdd: number;
  flashSale: boolean;
}

/** Low-stock digest for one recipient; `key` (recipient and digest number) makes each digest send once. */
export function stockDigestEmail(appName: string, to: string, key: string, lines: StockDigestLine[], more: number): EmailMessage {
  const title = `Low stock: ${lines.length + more} variant${lines.length + more === 1 ? "" : "s"} to restock`;
  const rows = lines.map(
    (l) => `${l.sku} (${l.product}${l.flashSale ? ", flash sale" : ""}): ${l.available} available, threshold ${l.threshold}, add ${l.unitsToAdd}`,
  );
  return {
    key,
    template: "stock_digest",
    to,
    subject: title,
    ...layout(appName, title, [...rows, ...(more > 0 ? [`…and ${more} more (GET /admin/inventory/low-stock).`] : [])]),
  };
}
