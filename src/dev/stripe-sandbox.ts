import type { Env } from "../env";
import { loadSandbox, type SandboxIntent, saveSandbox } from "./sandbox-store";

/** Stripe's JSON, with the Request-Id header its SDK reads. */
const stripeJson = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { "Request-Id": `req_sbx_${crypto.randomUUID().slice(0, 8)}` } });

const stripeError = (status: number, message: string, code?: string) =>
  stripeJson({ error: { type: "invalid_request_error", message, ...(code ? { code } : {}) } }, status);

const token = () => crypto.randomUUID().replaceAll("-", "").slice(0, 24);

export function intentObject(pi: SandboxIntent) {
  return {
    id: pi.id,
    object: "payment_intent",
    amount: pi.amount,
    amount_received: pi.status === "succeeded" ? pi.amount : 0,
    currency: pi.currency,
    status: pi.status,
    client_secret: `${pi.id}_secret_sandbox`,
    latest_charge: pi.latest_charge,
    metadata: pi.metadata,
    created: pi.created,
    livemode: false,
  };
}

/** Form fields as the SDK sends them: `metadata[order_id]=…` → metadata.order_id. */
function metadataOf(form: URLSearchParams): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of form) {
    const match = key.match(/^metadata\[(.+)\]$/);
    if (match?.[1]) metadata[match[1]] = value;
  }
  return metadata;
}

/** The part of https://api.stripe.com this app calls: create and retrieve PaymentIntents, create refunds. */
export async function stripeSandbox(env: Env, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const form = new URLSearchParams(request.method === "GET" ? "" : await request.text());
  if (request.method === "POST" && url.pathname === "/v1/payment_intents") {
    const amount = Number(form.get("amount"));
    if (!Number.isSafeInteger(amount) || amount <= 0) return stripeError(400, "Invalid amount", "parameter_invalid_integer");
    const pi: SandboxIntent = {
      id: `pi_sbx_${token()}`,
      amount,
      currency: form.get("currency") ?? "usd",
      status: "requires_payment_method",
      amount_refunded: 0,
      latest_charge: null,
      metadata: metadataOf(form),
      created: Math.floor(Date.now() / 1000),
    };
    await saveSandbox(env, "stripe", pi.id, pi);
    return stripeJson(intentObject(pi));
  }
  const retrieve = url.pathname.match(/^\/v1\/payment_intents\/([^/]+)$/);
  if (request.method === "GET" && retrieve?.[1]) {
    const pi = await loadSandbox<SandboxIntent>(env, "stripe", retrieve[1]);
    return pi ? stripeJson(intentObject(pi)) : stripeError(404, `No such payment_intent: '${retrieve[1]}'`, "resource_missing");
  }
  if (request.method === "POST" && url.pathname === "/v1/refunds") {
    const id = form.get("payment_intent") ?? "";
    const pi = await loadSandbox<SandboxIntent>(env, "stripe", id);
    if (!pi) return stripeError(404, `No such payment_intent: '${id}'`, "resource_missing");
    if (pi.status !== "succeeded") return stripeError(400, "This PaymentIntent does not have a successful charge to refund.");
    const amount = form.has("amount") ? Number(form.get("amount")) : pi.amount - pi.amount_refunded;
    if (amount <= 0 || amount > pi.amount - pi.amount_refunded) {
      return stripeError(400, `Refund amount is greater than unrefunded amount on charge`, "amount_too_large");
    }
    await saveSandbox(env, "stripe", pi.id, { ...pi, amount_refunded: pi.amount_refunded + amount });
    return stripeJson({ id: `re_sbx_${token()}`, object: "refund", amount, currency: pi.currency, payment_intent: pi.id, charge: pi.latest_charge, status: "succeeded", metadata: metadataOf(form) });
  }
  return stripeError(404, `Unrecognized request URL (${request.method}: ${url.pathname}). The local Stripe sandbox answers only what this app calls.`);
}
