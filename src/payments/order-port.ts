/**
 * What payments need of the orders domain, declared here and wired by the composition root (src/index.ts, with
 * src/orders/payments-port.ts): the order authority imports payments (it writes their rows and calls the providers
 * for refunds), so payments name no orders module (docs/ARCHITECTURE.md "Boundaries").
 */
import type { Actor } from "../audit/actor";
import type { Env, Principal, ReadDeps } from "../env";
import type { ProviderName } from "./provider";
import type { PaymentStatus } from "./store";

/** A payment as the payments domain read it from D1: identity and amount never change. */
export interface PaymentInfo {
  id: string;
  provider: ProviderName;
  providerRef: string | null;
  amount: number;
  currency: string;
  status: PaymentStatus;
}

export interface SuccessReport {
  /** In shop minor units; null when the provider's amount is not a whole shop unit. */
  amount: number | null;
  currency: string;
  /** A webhook event id or `staff:<user id>`. */
  source: string;
  transactionRef?: string | null;
  raw?: Record<string, unknown>;
}

export interface FailureReport {
  status: "failed" | "canceled";
  reason: string | null;
  source: string;
  raw?: Record<string, unknown>;
}

/** The order's commands that carry a payment's news or a staff action on it; `by` is the staff member behind one. */
export type PaymentCommand =
  | { type: "payment_succeeded"; payment: PaymentInfo; report: SuccessReport; requirePending?: boolean; by?: Actor }
  | { type: "payment_failed"; payment: PaymentInfo; report: FailureReport; requirePending?: boolean; by?: Actor }
  /** The provider's running refund total for a payment grew (a refund made at the provider, or ours confirmed). */
  | { type: "refund_reported"; payment: PaymentInfo; refundedTotal: number; source: string }
  | { type: "refund_requested"; payment: PaymentInfo; amount?: number; actorId: string; by?: Actor };

/** How a command ended, as the caller sees it once the object has run what it could. */
export type Outcome = "applied" | "ignored" | "refused" | "auto_refunded" | "pending";

/** A command's answer; `settled` is false while steps wait for a retry (the object finishes them by alarm). */
export interface Settled {
  ok: true;
  outcome: Outcome;
  settled: boolean;
  status: string;
}

/** Who asks for an order: a signed-in caller, or a guest with the order's token. */
export interface OrderViewer {
  principal?: Principal;
  orderToken?: string;
}

/** What paying an order reads of it. */
export interface PayableOrder {
  id: string;
  number: string;
  email: string;
  status: string;
  total: number;
  currency: string;
  reservationExpiresAt: number | null;
}

export interface OrderPort {
  /** The order if this viewer may see it; a 404 otherwise. */
  orderFor(deps: ReadDeps, orderId: string, viewer: OrderViewer): Promise<PayableOrder>;
  /** Sends a command to the order's authority; `key` makes a retried one resume, not repeat. A refusal throws. */
  command(env: Env, orderId: string, command: PaymentCommand, key?: string): Promise<Settled>;
}

let wired: OrderPort | undefined;

export function setOrderPort(port: OrderPort): void {
  wired = port;
}

export function orderPort(): OrderPort {
  if (!wired) throw new Error("The payments' order port is not wired (src/index.ts)");
  return wired;
}
