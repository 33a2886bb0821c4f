import type { DbDeps } from "../env";
import { AppError } from "../lib/errors";
import { timingSafeEqual } from "../lib/crypto";
import { log } from "../lib/log";
import { fromMidtransAmount } from "./amounts";
import { applyPaymentFailed, applyPaymentSucceeded, applyRefunded, type Outcome } from "./effects";
import { type MidtransStatus, midtransProvider } from "./midtrans-provider";
import { notConfigured } from "./provider";
import { providerDeps } from "./providers";
import type { MidtransNotification } from "./schemas";
import { findByProviderRef, type PaymentRow } from "./store";
import { applyOnce, type WebhookResult } from "./webhook-log";

const encoder = new TextEncoder();

export async function sha512Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-512", encoder.encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** signature_key = SHA-512(order_id + status_code + gross_amount + server key), per Midtrans' docs. */
async function verifyMidtransSignature(serverKey: string | undefined, n: MidtransNotification): Promise<void> {
  if (!serverKey) throw notConfigured("midtrans");
  const expected = await sha512Hex(`${n.order_id}${n.status_code}${n.gross_amount}${serverKey}`);
  if (!timingSafeEqual(encoder.encode(expected), encoder.encode(n.signature_key.toLowerCase()))) {
    log("warn", "payment.webhook_rejected", { provider: "midtrans", order_id: n.order_id });
    throw new AppError(400, "invalid_signature", "The Midtrans signature_key does not match");
  }
}

/** The fields of a transaction that decide what happens: a notification's, or Get Status's. */
type MidtransTransaction = Pick<MidtransStatus, "transaction_status" | "fraud_status" | "gross_amount" | "currency" | "refund_amount" | "refunds"> & {
  transaction_id: string;
  status_code: string;
};

/** Midtrans sends no event id: a transaction's status (and refund total) is what happens once. */
function eventIdOf(n: MidtransTransaction): string {
  return [n.transaction_id, n.transaction_status, n.status_code, n.fraud_status ?? "", refundTotalOf(n) ?? ""].join(":");
}

function refundTotalOf(n: MidtransTransaction): number | null {
  if (n.refunds?.length) return n.refunds.reduce((sum, r) => sum + (fromMidtransAmount(r.refund_amount) ?? 0), 0);
  return n.refund_amount ? fromMidtransAmount(n.refund_amount) : null;
}

type Applied = { outcome: Outcome; settled: boolean };
const IGNORED: Applied = { outcome: "ignored", settled: true };

async function apply(deps: DbDeps, payment: PaymentRow, n: MidtransTransaction, source: string, key: string): Promise<Applied> {
  const raw = { transaction_id: n.transaction_id, transaction_status: n.transaction_status, status_code: n.status_code, fraud_status: n.fraud_status ?? null };
  const success = () =>
    applyPaymentSucceeded(deps, payment, { amount: fromMidtransAmount(n.gross_amount ?? ""), currency: n.currency ?? "IDR", source, transactionRef: n.transaction_id, raw }, { key });
  switch (n.transaction_status) {
    case "capture":
      // A card capture under fraud review ("challenge") is not money yet.
      if (n.fraud_status === "challenge") return IGNORED;
      return success();
    case "settlement":
      return success();
    case "deny":
    case "failure":
      return applyPaymentFailed(deps, payment, { status: "failed", reason: n.transaction_status, source, raw }, { key });
    case "cancel":
    case "expire":
      return applyPaymentFailed(deps, payment, { status: "canceled", reason: n.transaction_status, source, raw }, { key });
    case "refund":
    case "partial_refund": {
      const total = refundTotalOf(n) ?? (n.transaction_status === "refund" ? payment.amount : null);
      if (total === null) throw new AppError(400, "bad_amount", "partial_refund without refund_amount");
      return applyRefunded(deps, payment, { refundedTotal: total, source }, key);
    }
    default:
      // pending, authorize: nothing to do until it settles.
      return IGNORED;
  }
}

/**
 * The signature covers order_id, status_code and gross_amount only, so a captured notification
 * could be replayed with another transaction_status or fraud_status. As Midtrans advises, the
 * transaction is read back with Get Status and only what Midtrans answers is acted on.
 */
export async function handleMidtransWebhook(deps: DbDeps, n: MidtransNotification): Promise<WebhookResult> {
  const providers = providerDeps(deps.env);
  await verifyMidtransSignature(providers.config.midtransServerKey, n);
  const confirmed = await midtransProvider(providers).status(n.order_id);
  if (confirmed.status_code === "404" || !confirmed.transaction_status) {
    log("warn", "payment.webhook_unconfirmed", { provider: "midtrans", order_id: n.order_id, status_code: confirmed.status_code });
    return { duplicate: false, outcome: "ignored" };
  }
  const tx: MidtransTransaction = { ...confirmed, transaction_id: confirmed.transaction_id ?? n.transaction_id, status_code: confirmed.status_code };
  const id = eventIdOf(tx);
  return applyOnce(deps.db, { provider: "midtrans", id, type: tx.transaction_status ?? "unknown" }, async (key) => {
    const payment = await findByProviderRef(deps, "midtrans", n.order_id);
    if (!payment) {
      log("warn", "payment.webhook_unknown_payment", { provider: "midtrans", order_id: n.order_id });
      return { ...IGNORED, paymentId: null };
    }
    return { ...(await apply(deps, payment, tx, `midtrans:${id}`, key)), paymentId: payment.id };
  });
}
