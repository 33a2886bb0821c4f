import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type PendingAudit, pendingAuditStatement } from "../audit/record";
import type { Db } from "../db/client";
import { orderEvents, orderItems, orders } from "../db/schema";
import { redeemDiscount, releaseDiscount } from "../discounts/service";
import { redemptionOfOrder } from "../discounts/statements";
import type { DbDeps, ReadDeps } from "../env";
import { commitOrder, releaseOrder, reservationTtlMs, returnOrder } from "../inventory/service";
import { AppError } from "../lib/errors";
import { log } from "../lib/log";
import { providerDeps, providerFor } from "../payments/providers";
import { paymentEventInsert, paymentRowUpdate, paymentsOfOrder, refundInsert, refundsOfOrder, refundUpdate } from "../payments/statements";
import { orderRefundedOf, paymentStatusOf } from "./lifecycle";
import type { OrderDoc, Step, StepResult } from "./lifecycle-types";
import { queueApologyEmail, queueStatusEmailFor } from "./order-emails";

const DONE: StepResult = { kind: "done" };

/**
 * A row written from the document, with the decision's event and the audit row of the staff action behind it
 * (each inserted once, by id) in the same batch.
 */
async function withEvent(db: Db, update: BatchItem<"sqlite">, event: BatchItem<"sqlite"> | null, audit?: PendingAudit): Promise<void> {
  const records = [event, audit ? pendingAuditStatement(db, audit) : null].filter((r) => r !== null);
  await (records.length > 0 ? db.batch([update, ...records]) : update);
}

/** The order's row as the document has it, and the event of the decision that wrote it (once, by id). */
async function writeOrderRow(deps: DbDeps, doc: OrderDoc, step: Extract<Step, { kind: "order_row" }>): Promise<void> {
  const { db } = deps;
  const update = db
    .update(orders)
    .set({
      status: doc.status,
      paymentStatus: paymentStatusOf(doc),
      refundedAmount: orderRefundedOf(doc),
      paidPaymentId: doc.appliedPaymentId,
      paidAt: doc.paidAt,
      reservationExpiresAt: doc.reservationExpiresAt,
      trackingNumber: doc.trackingNumber,
      updatedAt: Date.now(),
    })
    .where(eq(orders.id, doc.orderId));
  const e = step.event;
  await withEvent(
    deps.db,
    update,
    e &&
      db
        .insert(orderEvents)
        .values({ id: e.id, orderId: doc.orderId, fromStatus: e.from, toStatus: e.to, actorId: e.actorId, actorRole: e.actor, note: e.note })
        .onConflictDoNothing(),
    step.audit,
  );
}

async function writePaymentRow(deps: DbDeps, doc: OrderDoc, step: Extract<Step, { kind: "payment_row" }>): Promise<void> {
  const { db } = deps;
  const payment = doc.payments[step.paymentId];
  if (!payment) return;
  const update = paymentRowUpdate(db, step.paymentId, { status: payment.status, refundedAmount: payment.refunded, ...step.patch });
  const e = step.event;
  await withEvent(
    deps.db,
    update,
    e &&
      paymentEventInsert(db, {
        id: e.id,
        paymentId: step.paymentId,
        type: e.type,
        fromStatus: e.from,
        toStatus: e.to,
        amount: e.amount,
        source: e.source,
        data: e.data ?? null,
      }),
    step.audit,
  );
}

/**
 * Recorded `pending` before the provider hears of it, under a key derived from the refund's own id,
 * so a retry after a crash refunds once. A staff refund that the provider refuses fails at once
 * (the staff member sees why); an automatic one is retried by the object until it goes through.
 */
async function refund(deps: DbDeps, doc: OrderDoc, step: Extract<Step, { kind: "refund" }>): Promise<StepResult> {
  const { db } = deps;
  const payment = doc.payments[step.paymentId];
  if (!payment) throw new Error(`refund of unknown payment ${step.paymentId}`);
  const record = refundInsert(db, {
    id: step.refundId,
    paymentId: step.paymentId,
    orderId: doc.orderId,
    amount: step.amount,
    status: step.external ? "succeeded" : "pending",
    reason: step.reason,
    source: step.source,
  });
  // A staff refund's audit row lands with the refund's first record.
  await (step.audit ? db.batch([record, pendingAuditStatement(db, step.audit)]) : record);
  if (step.external) return { kind: "refund", ok: true, status: "succeeded" };
  try {
    const done = await providerFor(payment.provider, providerDeps(deps.env)).refund({
      paymentId: step.paymentId,
      providerRef: payment.providerRef,
      amount: step.amount,
      currency: payment.currency,
      reason: step.reason,
      key: `refund:${step.refundId}`,
    });
    const status = payment.provider === "manual" ? "due" : "succeeded";
    await refundUpdate(db, step.refundId, { status, providerRefundRef: done.providerRefundRef });
    return { kind: "refund", ok: true, status };
  } catch (err) {
    if (step.retry || !(err instanceof AppError)) throw err;
    await refundUpdate(db, step.refundId, { status: "failed", failureReason: err.message });
    return { kind: "refund", ok: false, error: err.message };
  }
}

async function releaseStock(deps: DbDeps, doc: OrderDoc): Promise<void> {
  try {
    await releaseOrder(deps.env, doc.orderId, doc.lines);
  } catch (err) {
    // Sold lines cannot be released; the reconciliation check reports them if the document disagrees.
    if (!(err instanceof AppError && err.code === "hold_committed")) throw err;
    log("error", "order.release_found_sold_lines", { order_id: doc.orderId, details: err.details });
  }
}

export async function runStep(deps: DbDeps, doc: OrderDoc, step: Step): Promise<StepResult> {
  const { env, db } = deps;
  switch (step.kind) {
    case "order_row":
      await writeOrderRow(deps, doc, step);
      return DONE;
    case "payment_row":
      await writePaymentRow(deps, doc, step);
      return DONE;
    case "commit_stock":
      try {
        await commitOrder(env, doc.orderId, doc.lines, reservationTtlMs(env));
        return { kind: "stock", ok: true };
      } catch (err) {
        // insufficient_stock, or a hold released by a cancellation: nothing stays committed.
        if (err instanceof AppError && err.status === 409) return { kind: "stock", ok: false };
        throw err;
      }
    case "release_stock":
      await releaseStock(deps, doc);
      return DONE;
    case "return_stock":
      await returnOrder(env, doc.orderId, doc.lines);
      return DONE;
    case "redeem_discount":
      return { kind: "discount", ok: doc.discountId !== null && (await redeemDiscount(deps, doc.discountId, doc.customerKey, doc.orderId)) };
    case "release_discount":
      if (doc.discountId) await releaseDiscount(deps, doc.discountId, doc.orderId);
      return DONE;
    case "refund":
      return refund(deps, doc, step);
    case "status_email":
      await queueStatusEmailFor({ env, db }, doc.orderId, step.status, step.note);
      return DONE;
    case "apology_email":
      await queueApologyEmail({ env, db }, doc.orderId, { id: step.paymentId, refunded: step.amount }, step.reason);
      return DONE;
  }
}

/** Reads the order as D1 has it, for an object meeting its order for the first time. */
export async function loadOrderDoc(deps: ReadDeps, orderId: string): Promise<OrderDoc | null> {
  const { db } = deps;
  const [orderRows, items, paymentRows, redemptions, refundRows] = await db.batch([
    db.select().from(orders).where(eq(orders.id, orderId)),
    db.select({ variantId: orderItems.variantId, quantity: orderItems.quantity }).from(orderItems).where(eq(orderItems.orderId, orderId)),
    paymentsOfOrder(db, orderId),
    redemptionOfOrder(db, orderId),
    refundsOfOrder(db, orderId),
  ]);
  const order = orderRows[0];
  if (!order) return null;
  const redeemed = redemptions[0]?.customerKey;
  const qty = new Map<string, number>();
  for (const item of items) qty.set(item.variantId, (qty.get(item.variantId) ?? 0) + item.quantity);
  const status = order.status as OrderDoc["status"];
  const stock: OrderDoc["stock"] = status === "pending_payment" ? "held" : order.paidAt !== null && status !== "cancelled" ? "committed" : "released";
  return {
    orderId: order.id,
    number: order.number,
    email: order.email,
    currency: order.currency,
    total: order.total,
    lines: [...qty.keys()].sort().map((variantId) => ({ variantId, qty: qty.get(variantId) ?? 0 })),
    discountId: order.discountId,
    customerKey: redeemed ?? order.userId ?? order.email,
    discountHeld: redeemed !== undefined,
    status,
    reservationExpiresAt: order.reservationExpiresAt,
    trackingNumber: order.trackingNumber,
    paidAt: order.paidAt,
    appliedPaymentId: order.paidPaymentId,
    stock,
    committing: null,
    payments: Object.fromEntries(
      paymentRows.map((p) => [
        p.id,
        {
          provider: p.provider as OrderDoc["payments"][string]["provider"],
          providerRef: p.providerRef,
          amount: p.amount,
          currency: p.currency,
          status: p.status as OrderDoc["payments"][string]["status"],
          refunded: p.refundedAmount,
          refunding: refundRows.filter((r) => r.paymentId === p.id && r.status === "pending").reduce((sum, r) => sum + r.amount, 0),
          ...(p.id === order.paidPaymentId ? { outcome: "applied" as const } : {}),
        },
      ]),
    ),
    refunds: Object.fromEntries(refundRows.map((r) => [r.id, { paymentId: r.paymentId, amount: r.amount, status: r.status }])),
  };
}
