/**
 * What a provider's news or a staff action means for an order is decided by that order's
 * OrderObject, one command at a time (orders/lifecycle.ts); this module only puts the news into
 * commands. `key` makes a redelivered webhook or a retried staff action resume instead of repeat.
 */
import type { Actor } from "../audit/actor";
import type { DbDeps } from "../env";
import { type FailureReport, type Outcome, orderPort, type PaymentInfo, type Settled, type SuccessReport } from "./order-port";
import type { ProviderName } from "./provider";
import type { PaymentRow, PaymentStatus } from "./store";

export type { FailureReport, Outcome, SuccessReport };

const paymentInfo = (p: PaymentRow): PaymentInfo => ({
  id: p.id,
  provider: p.provider as ProviderName,
  providerRef: p.providerRef,
  amount: p.amount,
  currency: p.currency,
  status: p.status as PaymentStatus,
});

export async function applyPaymentSucceeded(
  deps: DbDeps,
  payment: PaymentRow,
  report: SuccessReport,
  options: { key?: string; requirePending?: boolean; by?: Actor } = {},
): Promise<Settled> {
  const { requirePending, by } = options;
  const command = { type: "payment_succeeded" as const, payment: paymentInfo(payment), report, requirePending, ...(by ? { by } : {}) };
  return orderPort().command(deps.env, payment.orderId, command, options.key);
}

export async function applyPaymentFailed(
  deps: DbDeps,
  payment: PaymentRow,
  report: FailureReport,
  options: { key?: string; requirePending?: boolean; by?: Actor } = {},
): Promise<Settled> {
  const { requirePending, by } = options;
  const command = { type: "payment_failed" as const, payment: paymentInfo(payment), report, requirePending, ...(by ? { by } : {}) };
  return orderPort().command(deps.env, payment.orderId, command, options.key);
}

/** The provider's running refund total grew (a refund made at the provider, or ours confirmed). */
export async function applyRefunded(
  deps: DbDeps,
  payment: PaymentRow,
  report: { refundedTotal: number; source: string },
  key?: string,
): Promise<Settled> {
  return orderPort().command(deps.env, payment.orderId, { type: "refund_reported", payment: paymentInfo(payment), ...report }, key);
}

/** Staff refund: recorded pending, sent under the refund's own key, serialized with every other refund of the order. */
export async function refundPayment(deps: DbDeps, payment: PaymentRow, amount: number | undefined, by: Actor, key?: string): Promise<Settled> {
  return orderPort().command(deps.env, payment.orderId, { type: "refund_requested", payment: paymentInfo(payment), amount, actorId: by.id, by }, key);
}
