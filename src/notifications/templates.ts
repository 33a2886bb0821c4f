import type { EmailMessage } from "./schemas";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

function layout(appName: string, title: string, paragraphs: string[]): { text: string; html: string } {
  return {
    text: [title, "", ...paragraphs, "", `— ${appName}`].join("\n"),
    html: `<!doctype html><html><body style="font-family:sans-serif"><h1>${escapeHtml(title)}</h1>${paragraphs
      .map((p) => `<p>${escapeHtml(p)}</p>`)
      .join("")}<p>— ${escapeHtml(appName)}</p></body></html>`,
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

export interface OrderEmailData {
  orderId: string;
  number: string;
  email: string;
  status: string;
  trackingNumber: string | null;
  note: string | null;
  lines: { name: string; quantity: number; lineTotal: string }[];
  total: string;
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

/** One email per order event; the key makes a redelivered queue message send once. */
export function orderStatusEmail(appName: string, order: OrderEmailData): EmailMessage {
  const [title, sentence] = STATUS_WORDS[order.status] ?? ["Order update", `Your order is now ${order.status}.`];
  const paragraphs = [
    `${sentence} Order ${order.number}.`,
    ...(order.trackingNumber && order.status === "shipped" ? [`Tracking number: ${order.trackingNumber}`] : []),
    ...(order.note ? [order.note] : []),
    ...order.lines.map((l) => `${l.quantity} × ${l.name} — ${l.lineTotal}`),
    `Total: ${order.total}`,
  ];
  return {
    key: `order:${order.orderId}:${order.status}`,
    template: `order_${order.status}`,
    to: order.email,
    subject: `${title}: ${order.number}`,
    ...layout(appName, title, paragraphs),
  };
}
