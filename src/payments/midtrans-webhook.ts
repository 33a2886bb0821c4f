import { AppError } from "../lib/errors";
import { timingSafeEqual } from "../lib/crypto";
import { log } from "../lib/log";
import { fromMidtransAmount } from "./amounts";
import { applyPaymentFailed, applyPaymentSucceeded, applyRefunded, type EffectsContext, type Outcome } from "./effects";
import { notConfigured } from "./provider";
import type { MidtransNotification } from "./schemas";
import { findByProviderRef, type PaymentRow } from "./store";
import { applyOnce, type WebhookResult } from "./webhook-log";

const encoder = new TextEncoder();

export async function sha512Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-512", encoder.encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** signature_key = SHA-512(order_id + status_code + gross_amount + server key), per Midtrans' docs. */
export async function verifyMidtransSignature(serverKey: string | undefined, n: MidtransNotification): Promise<void> {
  if (!serverKey) throw notConfigured("midtrans");
  const expected = await sha512Hex(`${n.order_id}${n.status_code}${n.gross_amount}${serverKey}`);
  if (!timingSafeEqual(encoder.encode(expected), encoder.encode(n.signature_key.toLowerCase()))) {
    log("warn", "payment.webhook_rejected", { provider: "midtrans", order_id: n.order_id });
    throw new AppError(400, "invalid_signature", "The Midtrans signature_key does not match");
  }
}

/** Midtrans sends no event id: a transaction's status (and refund total) is what happens once. */
function eventIdOf(n: MidtransNotification): string {
  return [n.transaction_id, n.transaction_status, n.status_code, n.fraud_status ?? "", refundTotalOf(n) ?? ""].join(":");
}

function refundTotalOf(n: MidtransNotification): number | null {
  if (n.refunds?.length) return n.refunds.reduce((sum, r) => sum + (fromMidtransAmount(r.refund_amount) ?? 0), 0);
  return n.refund_amount ? fromMidtransAmount(n.refund_amount) : null;
}

function apply(ctx: EffectsContext, payment: PaymentRow, n: MidtransNotification, source: string): Promise<Outcome> {
  const raw = { transaction_id: n.transaction_id, transaction_status: n.transaction_status, status_code: n.status_code, fraud_status: n.fraud_status ?? null };
  switch (n.transaction_status) {
    case "capture":
      // A card capture under fraud review ("challenge") is not money yet.
      if (n.fraud_status === "challenge") return Promise.resolve("ignored");
      return applyPaymentSucceeded(ctx, payment, { amount: fromMidtransAmount(n.gross_amount), currency: n.currency ?? "IDR", source, transactionRef: n.transaction_id, raw });
    case "settlement":
      return applyPaymentSucceeded(ctx, payment, { amount: fromMidtransAmount(n.gross_amount), currency: n.currency ?? "IDR", source, transactionRef: n.transaction_id, raw });
    case "deny":
    case "failure":
      return applyPaymentFailed(ctx, payment, { status: "failed", reason: n.transaction_status, source, raw });
    case "cancel":
    case "expire":
      return applyPaymentFailed(ctx, payment, { status: "canceled", reason: n.transaction_status, source, raw });
    case "refund":
      return applyRefunded(ctx, payment, { refundedTotal: refundTotalOf(n) ?? payment.amount, source, raw });
    case "partial_refund": {
      const total = refundTotalOf(n);
      if (total === null) throw new AppError(400, "bad_amount", "partial_refund without refund_amount");
      return applyRefunded(ctx, payment, { refundedTotal: total, source, raw });
    }
    default:
      // pending, authorize: nothing to do until it settles.
      return Promise.resolve("ignored");
  }
}

export async function handleMidtransWebhook(ctx: EffectsContext, n: MidtransNotification): Promise<WebhookResult> {
  await verifyMidtransSignature(ctx.providers.config.midtransServerKey, n);
  const id = eventIdOf(n);
  return applyOnce(ctx.db, { provider: "midtrans", id, type: n.transaction_status }, async () => {
    const payment = await findByProviderRef(ctx.db, "midtrans", n.order_id);
    if (!payment) {
      log("warn", "payment.webhook_unknown_payment", { provider: "midtrans", order_id: n.order_id });
      return { outcome: "ignored", paymentId: null };
    }
    return { outcome: await apply(ctx, payment, n, `midtrans:${id}`), paymentId: payment.id };
  });
}
