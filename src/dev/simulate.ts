import Stripe from "stripe";
import type { Env } from "../env";
import { AppError } from "../lib/errors";
import type { PaymentRow } from "../payments/store";
import { midtransTime, transactionStatusBody } from "./midtrans-sandbox";
import { loadSandbox, type SandboxIntent, type SandboxTransaction, saveSandbox } from "./sandbox-store";
import { intentObject } from "./stripe-sandbox";

export const OUTCOMES = ["succeeded", "failed", "refunded"] as const;
export type SimulatedOutcome = (typeof OUTCOMES)[number];

/** A webhook as the provider would send it, ready for the app's own handler. */
export interface SimulatedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  event: { id: string; type: string };
}

const refused = (message: string) => new AppError(409, "simulation_refused", message);
const token = () => crypto.randomUUID().replaceAll("-", "").slice(0, 24);

/** Moves the sandbox intent as Stripe would and signs the matching event with STRIPE_WEBHOOK_SECRET. */
async function stripeWebhook(env: Env, payment: PaymentRow, outcome: SimulatedOutcome): Promise<SimulatedWebhook> {
  const secret = env.STRIPE_WEBHOOK_SECRET;
  if (!secret) throw refused("STRIPE_WEBHOOK_SECRET is not set in .dev.vars");
  const pi = payment.providerRef ? await loadSandbox<SandboxIntent>(env, "stripe", payment.providerRef) : null;
  if (!pi) throw refused("This payment was not created in the local Stripe sandbox");
  let type: string;
  let object: Record<string, unknown>;
  if (outcome === "succeeded") {
    if (pi.status === "succeeded") throw refused("This PaymentIntent has already succeeded");
    const next: SandboxIntent = { ...pi, status: "succeeded", latest_charge: `ch_sbx_${token()}` };
    await saveSandbox(env, "stripe", pi.id, next);
    type = "payment_intent.succeeded";
    object = intentObject(next);
  } else if (outcome === "failed") {
    if (pi.status === "succeeded") throw refused("This PaymentIntent has already succeeded; simulate a refund instead");
    type = "payment_intent.payment_failed";
    object = {
      ...intentObject(pi),
      last_payment_error: { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." },
    };
  } else {
    if (pi.status !== "succeeded" || !pi.latest_charge) throw refused("Only a succeeded payment can be refunded");
    const next: SandboxIntent = { ...pi, amount_refunded: pi.amount };
    await saveSandbox(env, "stripe", pi.id, next);
    type = "charge.refunded";
    object = {
      id: pi.latest_charge,
      object: "charge",
      amount: pi.amount,
      amount_captured: pi.amount,
      amount_refunded: pi.amount,
      currency: pi.currency,
      payment_intent: pi.id,
      refunded: true,
      status: "succeeded",
    };
  }
  const id = `evt_sbx_${token()}`;
  const body = JSON.stringify({
    id,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    type,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  });
  const signature = await Stripe.webhooks.generateTestHeaderStringAsync({ payload: body, secret, cryptoProvider: Stripe.createSubtleCryptoProvider() });
  return { path: "/api/v1/payments/webhooks/stripe", headers: { "Content-Type": "application/json", "Stripe-Signature": signature }, body, event: { id, type } };
}

const MIDTRANS_STATUS: Record<SimulatedOutcome, string> = { succeeded: "settlement", failed: "deny", refunded: "refund" };

/** Moves the sandbox transaction as Midtrans would and notifies with its status (signature_key with the server key). */
async function midtransWebhook(env: Env, payment: PaymentRow, outcome: SimulatedOutcome): Promise<SimulatedWebhook> {
  const serverKey = env.MIDTRANS_SERVER_KEY;
  if (!serverKey) throw refused("MIDTRANS_SERVER_KEY is not set in .dev.vars");
  const tx = payment.providerRef ? await loadSandbox<SandboxTransaction>(env, "midtrans", payment.providerRef) : null;
  if (!tx) throw refused("This payment was not created in the local Midtrans sandbox");
  const settled = tx.transaction_status === "settlement" || tx.transaction_status === "capture";
  if (outcome === "refunded" ? !settled : settled || tx.transaction_status === "refund") {
    throw refused(outcome === "refunded" ? "Only a settled transaction can be refunded" : `This transaction is already ${tx.transaction_status}`);
  }
  const status = MIDTRANS_STATUS[outcome];
  const next: SandboxTransaction = {
    ...tx,
    transaction_status: status,
    transaction_time: outcome === "refunded" ? tx.transaction_time : midtransTime(Date.now()),
    refund_amount: outcome === "refunded" ? tx.gross_amount : null,
  };
  await saveSandbox(env, "midtrans", tx.order_id, next);
  // A notification carries the same fields as Get Status, with a status message of its own.
  const notification = { ...(await transactionStatusBody(next, serverKey)), status_message: "midtrans payment notification" };
  return {
    path: "/api/v1/payments/webhooks/midtrans",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(notification),
    event: { id: `${next.transaction_id}:${status}`, type: status },
  };
}

export async function simulatedWebhook(env: Env, payment: PaymentRow, outcome: SimulatedOutcome): Promise<SimulatedWebhook> {
  if (payment.provider === "stripe") return stripeWebhook(env, payment, outcome);
  if (payment.provider === "midtrans") return midtransWebhook(env, payment, outcome);
  throw refused("Manual bank transfers are confirmed or rejected by staff: POST /admin/payments/{id}/confirm or /reject");
}
