import type { Env } from "../env";

/**
 * What the local payment sandboxes remember between calls (the intents and transactions "at the
 * provider"). Kept in the local KV namespace under its own prefix: it exists only with devToolsEnabled,
 * so it never shares a deployed namespace with carts.
 */
const PREFIX = "dev-payment-sandbox:";
const TTL_SECONDS = 7 * 86_400;

export interface SandboxIntent {
  id: string;
  amount: number;
  currency: string;
  status: "requires_payment_method" | "succeeded";
  amount_refunded: number;
  latest_charge: string | null;
  metadata: Record<string, string>;
  created: number;
}

export interface SandboxTransaction {
  order_id: string;
  /** As Midtrans writes it: "150000.00". */
  gross_amount: string;
  transaction_id: string;
  /** null until the customer "pays" (Midtrans knows no transaction before a payment method is chosen). */
  transaction_status: string | null;
  status_code: string;
  transaction_time: string;
  refund_amount: string | null;
}

type Kind = "stripe" | "midtrans";

export async function loadSandbox<T>(env: Env, kind: Kind, id: string): Promise<T | null> {
  return env.CART_CACHE.get<T>(`${PREFIX}${kind}:${id}`, "json");
}

export async function saveSandbox(env: Env, kind: Kind, id: string, value: SandboxIntent | SandboxTransaction): Promise<void> {
  await env.CART_CACHE.put(`${PREFIX}${kind}:${id}`, JSON.stringify(value), { expirationTtl: TTL_SECONDS });
}
