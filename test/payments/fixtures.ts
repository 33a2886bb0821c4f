import Stripe from "stripe";
import { vi } from "vitest";
import { sha512Hex } from "../../src/payments/midtrans-webhook";
import { api } from "../helpers";
import { pendingOrder } from "../factories";

export const TEST_KEYS = {
  stripeSecret: "sk_test_payments",
  stripeWebhookSecret: "whsec_test_payments",
  midtransServerKey: "SB-Mid-server-test",
};

/** One line of `qty` held for a pending order (test/orders/authority-fixtures.ts builds it). */
export async function createPendingOrder(options: { userId?: string; stock?: number; qty?: number; unitPrice?: number; ttlMs?: number } = {}) {
  const qty = options.qty ?? 2;
  const order = await pendingOrder({
    lines: [{ stock: options.stock ?? 5, qty, unitPrice: options.unitPrice ?? 150_000 }],
    ttlMs: options.ttlMs,
    userId: options.userId,
  });
  const variant = order.variants[0];
  if (!variant) throw new Error("no variant");
  return { orderId: order.orderId, orderToken: order.orderToken, total: order.total, qty, variant };
}

export interface SeenRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Request-Id": "req_test" } });

/**
 * Midtrans' own record of each transaction, by its order_id, as Get Status answers it. A sent
 * notification records what it says, unless a test says Midtrans knows otherwise (a replay).
 */
export const midtransLedger = new Map<string, Record<string, unknown>>();

/**
 * Answers Stripe and Midtrans at the fetch boundary with their documented response shapes, and
 * keeps every request so tests can assert what was sent. Anything else goes to the real fetch.
 */
export function stubProviders() {
  const seen: SeenRequest[] = [];
  const realFetch = globalThis.fetch;
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.method === "GET" ? "" : new TextDecoder().decode(await request.arrayBuffer());
    seen.push({ url: request.url, method: request.method, headers: request.headers, body });
    if (url.host === "api.stripe.com" && url.pathname === "/v1/payment_intents") {
      const form = new URLSearchParams(body);
      const id = `pi_test_${seen.length}_${Date.now()}`;
      return json({
        id,
        object: "payment_intent",
        amount: Number(form.get("amount")),
        currency: form.get("currency"),
        status: "requires_payment_method",
        client_secret: `${id}_secret_abc`,
        metadata: { order_id: form.get("metadata[order_id]"), payment_id: form.get("metadata[payment_id]") },
      });
    }
    if (url.host === "api.stripe.com" && url.pathname === "/v1/refunds") {
      const form = new URLSearchParams(body);
      return json({ id: `re_test_${seen.length}`, object: "refund", amount: Number(form.get("amount")), status: "succeeded", payment_intent: form.get("payment_intent") });
    }
    if (url.host === "app.sandbox.midtrans.com" && url.pathname === "/snap/v1/transactions") {
      const token = `snap-${seen.length}`;
      return json({ token, redirect_url: `https://app.sandbox.midtrans.com/snap/v4/redirection/${token}` }, 201);
    }
    if (url.host === "api.sandbox.midtrans.com" && request.method === "GET" && url.pathname.endsWith("/status")) {
      const orderId = decodeURIComponent(url.pathname.split("/").at(-2) ?? "");
      const known = midtransLedger.get(orderId);
      return json(known ?? { status_code: "404", status_message: "Transaction doesn't exist." }, 200);
    }
    if (url.host === "api.sandbox.midtrans.com" && url.pathname.endsWith("/refund")) {
      const sent = JSON.parse(body) as { refund_key: string; amount: number };
      return json({ status_code: "200", status_message: "Success, refund request is approved", transaction_status: "refund", refund_key: sent.refund_key, refund_amount: String(sent.amount) });
    }
    return realFetch(input, init);
  });
  return {
    seen,
    to: (host: string, path: string) => seen.filter((r) => new URL(r.url).host === host && new URL(r.url).pathname.endsWith(path)),
    restore: () => spy.mockRestore(),
  };
}

/** A Stripe event delivered to our webhook, signed with the real scheme and the test secret. */
export async function sendStripeEvent(
  type: string,
  object: Record<string, unknown>,
  options: { id?: string; secret?: string; timestamp?: number } = {},
) {
  const payload = JSON.stringify({
    id: options.id ?? `evt_${crypto.randomUUID().replaceAll("-", "")}`,
    object: "event",
    api_version: "2025-01-27.acacia",
    created: Math.floor(Date.now() / 1000),
    type,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  });
  const header = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: options.secret ?? TEST_KEYS.stripeWebhookSecret,
    timestamp: options.timestamp,
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });
  return api("/payments/webhooks/stripe", { body: payload, headers: { "Stripe-Signature": header, "Content-Type": "application/json" } });
}

export const intent = (id: string, amount: number, extra: Record<string, unknown> = {}) => ({
  id,
  object: "payment_intent",
  amount,
  amount_received: amount,
  currency: "idr",
  status: "succeeded",
  latest_charge: `ch_${id}`,
  ...extra,
});

/** A Midtrans HTTP notification with signature_key = SHA-512(order_id + status_code + gross_amount + server key). */
export async function sendMidtransNotification(fields: {
  order_id: string;
  transaction_status: string;
  gross_amount: string;
  status_code?: string;
  transaction_id?: string;
  fraud_status?: string;
  serverKey?: string;
  extra?: Record<string, unknown>;
  /** False: Midtrans' record is left as it is (a replayed or forged notification). */
  record?: boolean;
}) {
  const statusCode = fields.status_code ?? "200";
  if (fields.record !== false) {
    midtransLedger.set(fields.order_id, {
      status_code: statusCode,
      status_message: "Success, transaction is found",
      transaction_id: fields.transaction_id ?? `tx-${fields.order_id}`,
      order_id: fields.order_id,
      transaction_status: fields.transaction_status,
      fraud_status: fields.fraud_status ?? "accept",
      gross_amount: fields.gross_amount,
      currency: "IDR",
      ...fields.extra,
    });
  }
  const signature = await sha512Hex(`${fields.order_id}${statusCode}${fields.gross_amount}${fields.serverKey ?? TEST_KEYS.midtransServerKey}`);
  return api("/payments/webhooks/midtrans", {
    body: {
      transaction_time: "2026-11-20 10:00:00",
      transaction_status: fields.transaction_status,
      transaction_id: fields.transaction_id ?? `tx-${fields.order_id}`,
      status_message: "midtrans payment notification",
      status_code: statusCode,
      signature_key: signature,
      payment_type: "bank_transfer",
      order_id: fields.order_id,
      merchant_id: "G000000000",
      gross_amount: fields.gross_amount,
      fraud_status: fields.fraud_status ?? "accept",
      currency: "IDR",
      ...fields.extra,
    },
  });
}
