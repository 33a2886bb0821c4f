import Stripe from "stripe";
import type { DbDeps } from "../env";
import { AppError } from "../lib/errors";
import { log } from "../lib/log";
import { fromStripeAmount } from "./amounts";
import { paymentConfig } from "./config";
import { applyPaymentFailed, applyPaymentSucceeded, applyRefunded, type Outcome } from "./effects";
import { notConfigured } from "./provider";
import { findByProviderRef, type PaymentRow } from "./store";
import { applyOnce, type WebhookResult } from "./webhook-log";

const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** Signature and timestamp (Stripe's default 300 s tolerance) checked on the raw body; anything off is a 400. */
async function verifyStripeEvent(secret: string | undefined, payload: string, signature: string | undefined): Promise<Stripe.Event> {
  if (!secret) throw notConfigured("stripe");
  if (!signature) throw new AppError(400, "invalid_signature", "Missing Stripe-Signature header");
  try {
    return await Stripe.webhooks.constructEventAsync(payload, signature, secret, undefined, cryptoProvider);
  } catch (err) {
    log("warn", "payment.webhook_rejected", { provider: "stripe", error: String(err) });
    throw new AppError(400, "invalid_signature", "The Stripe signature does not match or is too old");
  }
}

const idOf = (ref: string | { id: string } | null): string | null => (typeof ref === "string" ? ref : (ref?.id ?? null));

type Applied = { outcome: Outcome; settled: boolean; paymentId: string | null };

async function applyEvent(deps: DbDeps, event: Stripe.Event, key: string): Promise<Applied> {
  const source = `stripe:${event.id}`;
  const forIntent = async (intentId: string | null, fn: (payment: PaymentRow) => Promise<{ outcome: Outcome; settled: boolean }>): Promise<Applied> => {
    const payment = intentId ? await findByProviderRef(deps, "stripe", intentId) : undefined;
    if (!payment) {
      log("warn", "payment.webhook_unknown_payment", { provider: "stripe", event_id: event.id, intent: intentId });
      return { outcome: "ignored", settled: true, paymentId: null };
    }
    const { outcome, settled } = await fn(payment);
    return { outcome, settled, paymentId: payment.id };
  };

  switch (event.type) {
    case "payment_intent.succeeded": {
      const pi = event.data.object;
      return forIntent(pi.id, (payment) =>
        applyPaymentSucceeded(deps, payment, {
          amount: fromStripeAmount(pi.amount_received, pi.currency),
          currency: pi.currency,
          source,
          transactionRef: idOf(pi.latest_charge),
          raw: { event_id: event.id, type: event.type, status: pi.status },
        }, { key }),
      );
    }
    case "payment_intent.payment_failed": {
      const pi = event.data.object;
      return forIntent(pi.id, (payment) =>
        applyPaymentFailed(deps, payment, {
          status: "failed",
          reason: pi.last_payment_error?.message ?? pi.last_payment_error?.code ?? null,
          source,
          raw: { event_id: event.id, type: event.type, decline_code: pi.last_payment_error?.decline_code ?? null },
        }, { key }),
      );
    }
    case "payment_intent.canceled": {
      const pi = event.data.object;
      return forIntent(pi.id, (payment) =>
        applyPaymentFailed(deps, payment, { status: "canceled", reason: pi.cancellation_reason ?? null, source }, { key }),
      );
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const refundedTotal = fromStripeAmount(charge.amount_refunded, charge.currency);
      if (refundedTotal === null) throw new AppError(400, "bad_amount", "amount_refunded is not a whole shop unit");
      return forIntent(idOf(charge.payment_intent), (payment) =>
        applyRefunded(deps, payment, { refundedTotal, source }, key),
      );
    }
    default:
      return { outcome: "ignored", settled: true, paymentId: null };
  }
}

export async function handleStripeWebhook(deps: DbDeps, payload: string, signature: string | undefined): Promise<WebhookResult> {
  const event = await verifyStripeEvent(paymentConfig(deps.env).stripeWebhookSecret, payload, signature);
  return applyOnce(deps.db, { provider: "stripe", id: event.id, type: event.type }, (key) => applyEvent(deps, event, key));
}
