import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { orderItems, orders } from "../db/schema";
import type { Env } from "../env";
import { commitOrder, reservationTtlMs } from "../inventory/service";
import { AppError } from "../lib/errors";
import { log } from "../lib/log";
import { formatMoney } from "../lib/money";
import { queueEmail } from "../notifications/service";
import { paymentRefundedApologyEmail, type RefundApologyReason } from "../notifications/templates";
import { addOrderRefund, setOrderPaymentStatus } from "../orders/payment-fields";
import type { OrderStatus } from "../orders/state-machine";
import { orderLines, stockEffects } from "../orders/stock-effects";
import { transitionOrder } from "../orders/transitions";
import type { OrderRow } from "../orders/views";
import type { ProviderDeps, ProviderName } from "./provider";
import { providerFor } from "./providers";
import { CAPTURED, movePayment, type PaymentRow, payerOf, recordPaymentEvent } from "./store";

/**
 * What a provider event, a staff confirmation or a refund does to payments, orders and stock —
 * the same whichever provider said it. Each function is safe to call again with the same news.
 */
export interface EffectsContext {
  env: Env;
  db: Db;
  providers: ProviderDeps;
}

/** How the news was taken: webhooks answer 200 for all of these. */
export type Outcome = "applied" | "ignored" | "refused" | "auto_refunded";

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

export interface RefundReport {
  /** The provider's running total refunded on this payment, in shop minor units. */
  refundedTotal: number;
  source: string;
  raw?: Record<string, unknown>;
}

async function loadOrder(db: Db, orderId: string): Promise<OrderRow> {
  const order = await db.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!order) throw new Error(`payment for missing order ${orderId}`);
  return order;
}

/** Gives the money back through the provider, records why, and tells the customer. */
async function autoRefund(ctx: EffectsContext, payment: PaymentRow, order: OrderRow, reason: RefundApologyReason): Promise<Outcome> {
  const amount = payment.amount - payment.refundedAmount;
  const provider = providerFor(payment.provider as ProviderName, ctx.providers);
  try {
    await provider.refund({
      paymentId: payment.id,
      providerRef: payment.providerRef,
      amount,
      currency: payment.currency,
      reason,
      key: `auto-refund:${payment.id}`,
    });
  } catch (err) {
    await recordPaymentEvent(ctx.db, payment, { type: "auto_refund_failed", source: "system", amount, data: { reason, error: String(err) } });
    log("error", "payment.auto_refund_failed", { payment_id: payment.id, order_id: order.id, reason, error: String(err) });
    throw err;
  }
  await movePayment(ctx.db, payment, {
    to: "refunded",
    type: "auto_refunded",
    source: "system",
    amount,
    data: { reason },
    patch: { refundedAmount: payment.amount },
  });
  log("warn", "payment.auto_refunded", { payment_id: payment.id, order_id: order.id, reason, amount });
  if (order.status === "pending_payment") {
    await transitionOrder(
      ctx.env,
      ctx.db,
      order,
      { to: "cancelled", actor: "system", actorId: null, note: "Payment arrived after the stock was gone; refunded" },
      stockEffects(ctx.env, ctx.db, null),
    );
  }
  if (reason !== "already_paid") await setOrderPaymentStatus(ctx.db, order.id, "refunded");
  const lines = await ctx.db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
  await queueEmail(
    ctx.env,
    paymentRefundedApologyEmail(ctx.env.APP_NAME, {
      paymentId: payment.id,
      orderId: order.id,
      number: order.number,
      email: order.email,
      reason,
      lines: lines.map((l) => ({ name: l.name, quantity: l.quantity, lineTotal: formatMoney(l.lineTotal, order.currency) })),
      total: formatMoney(order.total, order.currency),
      refunded: formatMoney(amount, order.currency),
    }),
  );
  return "auto_refunded";
}

/** Stock first, then the status: an order is never paid without its units committed. */
async function fulfil(ctx: EffectsContext, payment: PaymentRow, order: OrderRow): Promise<Outcome> {
  try {
    await commitOrder(ctx.env, order.id, await orderLines(ctx.db, order.id), reservationTtlMs(ctx.env));
  } catch (err) {
    // insufficient_stock, or a hold released by a cancellation: nothing was committed.
    if (err instanceof AppError && err.status === 409) return autoRefund(ctx, payment, order, "out_of_stock");
    throw err;
  }
  const late = order.status === "expired" || (order.reservationExpiresAt ?? 0) <= Date.now();
  const note = late ? `Paid by ${payment.provider} after the hold lapsed; stock re-reserved` : `Paid by ${payment.provider}`;
  let current = order;
  // One retry: the expiry sweep may move pending_payment → expired between our read and our write.
  for (let attempt = 0; ; attempt++) {
    try {
      await transitionOrder(ctx.env, ctx.db, current, { to: "paid", actor: "system", actorId: null, note }, stockEffects(ctx.env, ctx.db, null));
      break;
    } catch (err) {
      if (!(err instanceof AppError && err.code === "conflict") || attempt > 0) throw err;
      current = await loadOrder(ctx.db, order.id);
    }
  }
  await recordPaymentEvent(ctx.db, payment, { type: "order_paid", source: "system", amount: payment.amount, data: { late } });
  return "applied";
}

/** Where a captured payment leaves its order: paid, or refunded when the order cannot take it. */
async function settle(ctx: EffectsContext, payment: PaymentRow, order: OrderRow): Promise<Outcome> {
  if (order.status === "pending_payment" || order.status === "expired") return fulfil(ctx, payment, order);
  if (order.status === "cancelled") return autoRefund(ctx, payment, order, "order_cancelled");
  const payer = await payerOf(ctx.db, order.id);
  if (payer === payment.id) return "ignored";
  if (payer === null) {
    // Paid, but its event was lost to a crash after the transition: this payment is the payer.
    await recordPaymentEvent(ctx.db, payment, { type: "order_paid", source: "system", amount: payment.amount });
    return "ignored";
  }
  return autoRefund(ctx, payment, order, "already_paid");
}

/**
 * The provider took the money. Refused (logged, recorded, order untouched) when the amount or
 * currency differs from the payment's and the order's. A redelivery of a success already
 * recorded resumes where a crash left it, so a retried webhook finishes the job.
 */
export async function applyPaymentSucceeded(ctx: EffectsContext, payment: PaymentRow, report: SuccessReport): Promise<Outcome> {
  if (payment.status === "refunded" || payment.status === "partially_refunded") return "ignored";
  const order = await loadOrder(ctx.db, payment.orderId);
  if (payment.status === "succeeded") return settle(ctx, payment, order);

  const currency = report.currency.toUpperCase();
  if (report.amount !== payment.amount || currency !== payment.currency || payment.amount !== order.total || payment.currency !== order.currency) {
    const data = { reported_amount: report.amount, reported_currency: currency, order_total: order.total, order_currency: order.currency };
    log("error", "payment.amount_mismatch", { payment_id: payment.id, order_id: order.id, expected: payment.amount, ...data });
    await recordPaymentEvent(ctx.db, payment, { type: "amount_mismatch", source: report.source, amount: report.amount, data });
    return "refused";
  }
  const succeeded = await movePayment(ctx.db, payment, {
    to: "succeeded",
    type: "succeeded",
    source: report.source,
    amount: payment.amount,
    patch: { providerTransactionRef: report.transactionRef ?? payment.providerTransactionRef, metadata: report.raw ?? payment.metadata },
  });
  if (!succeeded) return "ignored";
  return settle(ctx, succeeded, order);
}

/**
 * The attempt failed or was cancelled. The hold stays: the customer may try again until it
 * expires. A failure after a success (out of order) changes nothing.
 */
export async function applyPaymentFailed(ctx: EffectsContext, payment: PaymentRow, report: FailureReport): Promise<Outcome> {
  if (payment.status !== "pending") return "ignored";
  const moved = await movePayment(ctx.db, payment, {
    to: report.status,
    type: report.status,
    source: report.source,
    data: report.reason ? { reason: report.reason } : undefined,
    patch: { failureReason: report.reason, metadata: report.raw ?? payment.metadata },
  });
  return moved ? "applied" : "ignored";
}

/**
 * The provider's running refund total grew. The payment and, when it paid the order, the order
 * follow: refunded_amount, then refunded / partially_refunded; a full refund before shipping
 * returns the units to stock.
 */
export async function applyRefunded(ctx: EffectsContext, payment: PaymentRow, report: RefundReport): Promise<Outcome> {
  if (report.refundedTotal <= payment.refundedAmount) return "ignored";
  if (payment.status !== "succeeded" && payment.status !== "partially_refunded") {
    // A refund seen before its success: fail so the provider redelivers once the success is in.
    throw new AppError(409, "payment_not_captured", "This payment has not succeeded yet", { payment_id: payment.id });
  }
  const refundedTotal = Math.min(report.refundedTotal, payment.amount);
  const delta = refundedTotal - payment.refundedAmount;
  const moved = await movePayment(ctx.db, payment, {
    to: refundedTotal >= payment.amount ? "refunded" : "partially_refunded",
    type: "refunded",
    source: report.source,
    amount: delta,
    patch: { refundedAmount: refundedTotal, metadata: report.raw ?? payment.metadata },
  });
  if (!moved || (await payerOf(ctx.db, payment.orderId)) !== payment.id) return moved ? "applied" : "ignored";

  const order = await addOrderRefund(ctx.db, payment.orderId, delta);
  const to: OrderStatus = order.refundedAmount >= order.total ? "refunded" : "partially_refunded";
  // Shipping needs a tracking number, so none means the units are still in the warehouse.
  const unshipped = order.trackingNumber === null;
  try {
    await transitionOrder(ctx.env, ctx.db, order, { to, actor: "system", actorId: null, note: `Refund of ${delta} via ${payment.provider}` }, stockEffects(ctx.env, ctx.db, null));
  } catch (err) {
    // The money is back either way; an order that cannot take the status (e.g. cancelled) keeps its own.
    if (!(err instanceof AppError && err.code === "invalid_transition")) throw err;
    log("warn", "payment.refund_status_kept", { payment_id: payment.id, order_id: order.id, status: order.status });
    return "applied";
  }
  if (to === "refunded" && unshipped) await stockEffects(ctx.env, ctx.db, null).restock(order);
  return "applied";
}

/** Staff refund: asks the provider, then applies it at once (the provider's webhook later is a no-op). */
export async function refundPayment(ctx: EffectsContext, payment: PaymentRow, amount: number | undefined, actorId: string): Promise<Outcome> {
  if (!CAPTURED.includes(payment.status) || payment.status === "refunded") {
    throw new AppError(409, "payment_not_refundable", `A ${payment.status} payment cannot be refunded`, { status: payment.status });
  }
  const remaining = payment.amount - payment.refundedAmount;
  const value = amount ?? remaining;
  if (value > remaining) {
    throw new AppError(422, "refund_exceeds_payment", `At most ${remaining} can be refunded`, { refundable: remaining });
  }
  await providerFor(payment.provider as ProviderName, ctx.providers).refund({
    paymentId: payment.id,
    providerRef: payment.providerRef,
    amount: value,
    currency: payment.currency,
    reason: "requested_by_customer",
    key: `refund:${payment.id}:${payment.refundedAmount}:${value}`,
  });
  return applyRefunded(ctx, payment, { refundedTotal: payment.refundedAmount + value, source: `staff:${actorId}` });
}
