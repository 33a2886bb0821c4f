import type { Actor as AuditActor } from "../audit/actor";
import { type AuditObject, changedFields, type FieldChanges, type PendingAudit } from "../audit/record";
import type {
  Command,
  Decided,
  OrderDoc,
  PaymentInfo,
  PaymentState,
  RefundReason,
  ReplyError,
  Step,
  StepResult,
} from "./lifecycle-types";
import { type Actor, canTransition, isEdge, nextStatuses, type OrderStatus } from "./state-machine";

/**
 * The rules of an order's life, as pure functions of its document: a command (or a step's result)
 * in, the next document, the steps that carry it out and the answer out. The OrderObject runs them
 * one at a time, so nothing here can interleave; nothing here does I/O, so every rule is testable
 * without a runtime.
 */

export interface Decision {
  doc: OrderDoc;
  steps: Step[];
  reply: Decided;
}

/** Statuses after payment in which a refund moves the order to (partially_)refunded. */
const REFUNDABLE: readonly OrderStatus[] = ["paid", "processing", "shipped", "out_for_delivery", "delivered", "partially_refunded"];
const CAPTURED: readonly string[] = ["succeeded", "partially_refunded"];

const refuse = (error: ReplyError): Decided => ({ ok: false, error });

function invalidTransitionError(from: OrderStatus, to: OrderStatus, actor: Actor): ReplyError {
  return { status: 409, code: "invalid_transition", message: `An order cannot go from ${from} to ${to}`, details: { from, to, allowed: nextStatuses(from, actor) } };
}

const busy: ReplyError = {
  status: 409,
  code: "order_busy",
  message: "A payment for this order is being applied; try again in a moment",
};

/** The order's payment_status, derived: the applied payment's refunds, else whether money came back. */
export function paymentStatusOf(doc: OrderDoc): string {
  const applied = doc.appliedPaymentId ? doc.payments[doc.appliedPaymentId] : undefined;
  if (applied) return applied.refunded >= applied.amount ? "refunded" : applied.refunded > 0 ? "partially_refunded" : "paid";
  return Object.values(doc.payments).some((p) => p.outcome === "auto_refunded") ? "refunded" : "unpaid";
}

/** Refunded on the applied payment: the order's refunded_amount (net revenue = total − this). */
export function orderRefundedOf(doc: OrderDoc): number {
  return doc.appliedPaymentId ? (doc.payments[doc.appliedPaymentId]?.refunded ?? 0) : 0;
}

/** A working copy of the document and the steps decided so far. */
class Draft {
  readonly steps: Step[] = [];
  constructor(
    readonly doc: OrderDoc,
    readonly now: number,
    readonly newId: () => string,
  ) {}

  payment(info: PaymentInfo): PaymentState {
    const known = this.doc.payments[info.id];
    if (known) return known;
    const entry: PaymentState = { provider: info.provider, providerRef: info.providerRef, amount: info.amount, currency: info.currency, status: info.status, refunded: 0, refunding: 0 };
    this.doc.payments[info.id] = entry;
    return entry;
  }

  /** The audit row of an admin's, staff member's or seller's command, written with the row it changes. */
  audit(by: AuditActor | undefined, action: string, objectType: AuditObject, objectId: string, changes: FieldChanges): PendingAudit | undefined {
    return by ? { id: this.newId(), actor: by, action, objectType, objectId, changes } : undefined;
  }

  move(to: OrderStatus, actor: Actor, actorId: string | null, note: string | null, audit?: PendingAudit): void {
    const from = this.doc.status;
    this.doc.status = to;
    if (from === "pending_payment") this.doc.reservationExpiresAt = null;
    this.steps.push({ kind: "order_row", event: { id: this.newId(), from, to, actor, actorId, note }, ...(audit ? { audit } : {}) });
    this.steps.push({ kind: "status_email", status: to, note });
  }

  paymentEvent(
    paymentId: string,
    type: string,
    from: string | null,
    source: string,
    amount: number | null,
    data?: Record<string, unknown>,
    patch?: Extract<Step, { kind: "payment_row" }>["patch"],
    audit?: PendingAudit,
  ): void {
    const to = this.doc.payments[paymentId]?.status ?? null;
    this.steps.push({
      kind: "payment_row",
      paymentId,
      event: { id: this.newId(), type, from, to, amount, source, ...(data ? { data } : {}) },
      ...(patch ? { patch } : {}),
      ...(audit ? { audit } : {}),
    });
  }

  refund(paymentId: string, amount: number, reason: RefundReason, source: string, retry: boolean, external = false, by?: AuditActor): string {
    const id = this.newId();
    this.doc.refunds[id] = { paymentId, amount, status: "pending" };
    const payment = this.doc.payments[paymentId];
    if (payment) payment.refunding += amount;
    const audit = this.audit(by, "create", "refund", id, changedFields(null, { payment_id: paymentId, order_id: this.doc.orderId, amount, status: "pending" }));
    this.steps.push({ kind: "refund", refundId: id, paymentId, amount, reason, source, retry, ...(external ? { external } : {}), ...(audit ? { audit } : {}) });
    return id;
  }

  /** Money we will not keep: refunded in full with retries, and the buyer told why. */
  autoRefund(paymentId: string, reason: "out_of_stock" | "order_cancelled" | "already_paid" | "offer_ended"): void {
    const payment = this.doc.payments[paymentId];
    if (!payment) return;
    payment.outcome = "auto_refunded";
    const amount = payment.amount - payment.refunded - payment.refunding;
    if (amount > 0) this.refund(paymentId, amount, reason, "system", true);
    this.steps.push({ kind: "apology_email", paymentId, reason, amount: payment.amount - payment.refunded });
  }

  releaseDiscount(): void {
    if (!this.doc.discountId || !this.doc.discountHeld) return;
    this.doc.discountHeld = false;
    this.steps.push({ kind: "release_discount" });
  }

  done(reply: Decided): Decision {
    return { doc: this.doc, steps: this.steps, reply };
  }
}

function settle(d: Draft, paymentId: string): Decided {
  const { doc } = d;
  if (doc.appliedPaymentId || doc.committing) {
    d.autoRefund(paymentId, "already_paid");
    return { ok: true, outcome: "auto_refunded", paymentId };
  }
  if (doc.status === "pending_payment" || doc.status === "expired") {
    doc.committing = paymentId;
    // An expired order gave its discount use back: a late payment takes it again, or is refunded.
    d.steps.push(doc.discountId && !doc.discountHeld ? { kind: "redeem_discount" } : { kind: "commit_stock" });
    return { ok: true, outcome: "applied", paymentId };
  }
  d.autoRefund(paymentId, "order_cancelled");
  return { ok: true, outcome: "auto_refunded", paymentId };
}

function paymentSucceeded(d: Draft, cmd: Extract<Command, { type: "payment_succeeded" }>): Decided {
  const payment = d.payment(cmd.payment);
  const id = cmd.payment.id;
  if (cmd.requirePending && payment.status !== "pending") {
    return refuse({ status: 409, code: "payment_not_pending", message: `This payment is already ${payment.status}`, details: { status: payment.status } });
  }
  if (payment.status === "succeeded" || payment.status === "partially_refunded" || payment.status === "refunded") {
    return { ok: true, outcome: "ignored", paymentId: id };
  }
  const currency = cmd.report.currency.toUpperCase();
  if (cmd.report.amount !== payment.amount || currency !== payment.currency || payment.amount !== d.doc.total || payment.currency !== d.doc.currency) {
    payment.outcome = "refused";
    d.paymentEvent(id, "amount_mismatch", payment.status, cmd.report.source, cmd.report.amount, {
      reported_amount: cmd.report.amount,
      reported_currency: currency,
      order_total: d.doc.total,
      order_currency: d.doc.currency,
    });
    return { ok: true, outcome: "refused", paymentId: id };
  }
  const from = payment.status;
  payment.status = "succeeded";
  const patch = {
    ...(cmd.report.transactionRef ? { providerTransactionRef: cmd.report.transactionRef } : {}),
    ...(cmd.report.raw ? { metadata: cmd.report.raw } : {}),
  };
  const audit = d.audit(cmd.by, "confirm", "payment", id, { status: { before: from, after: payment.status } });
  d.paymentEvent(id, "succeeded", from, cmd.report.source, payment.amount, undefined, patch, audit);
  return settle(d, id);
}

function paymentFailed(d: Draft, cmd: Extract<Command, { type: "payment_failed" }>): Decided {
  const payment = d.payment(cmd.payment);
  if (payment.status !== "pending") {
    if (cmd.requirePending) {
      return refuse({ status: 409, code: "payment_not_pending", message: `This payment is already ${payment.status}`, details: { status: payment.status } });
    }
    return { ok: true, outcome: "ignored", paymentId: cmd.payment.id };
  }
  payment.status = cmd.report.status;
  const audit = d.audit(cmd.by, "reject", "payment", cmd.payment.id, changedFields({ status: "pending", failure_reason: null }, { status: payment.status, failure_reason: cmd.report.reason }));
  const patch = { failureReason: cmd.report.reason, ...(cmd.report.raw ? { metadata: cmd.report.raw } : {}) };
  d.paymentEvent(cmd.payment.id, cmd.report.status, "pending", cmd.report.source, null, cmd.report.reason ? { reason: cmd.report.reason } : undefined, patch, audit);
  return { ok: true, outcome: "applied", paymentId: cmd.payment.id };
}

/** A cancel and a payment never both win: a paid order cancelled is refunded and restocked. */
function cancel(d: Draft, actor: Actor, actorId: string | null, note: string | null, by?: AuditActor): Decided {
  const { doc } = d;
  if (doc.committing) return refuse(busy);
  if (!isEdge(doc.status, "cancelled")) return refuse(invalidTransitionError(doc.status, "cancelled", actor));
  if (!canTransition(doc.status, "cancelled", actor)) {
    return refuse({ status: 403, code: "forbidden", message: `A ${actor} cannot move an order from ${doc.status} to cancelled` });
  }
  const wasPaid = doc.status !== "pending_payment";
  d.move("cancelled", actor, actorId, note, d.audit(by, "cancel", "order", doc.orderId, { status: { before: doc.status, after: "cancelled" } }));
  d.steps.push({ kind: wasPaid ? "return_stock" : "release_stock" });
  doc.stock = "released";
  d.releaseDiscount();
  const applied = doc.appliedPaymentId ? doc.payments[doc.appliedPaymentId] : undefined;
  if (doc.appliedPaymentId && applied) {
    const amount = applied.amount - applied.refunded - applied.refunding;
    if (amount > 0) d.refund(doc.appliedPaymentId, amount, "order_cancelled", actorId ? `${actor}:${actorId}` : actor, true);
  }
  return { ok: true, outcome: "applied" };
}

function transition(d: Draft, cmd: Extract<Command, { type: "transition" }>): Decided {
  const { doc } = d;
  if (cmd.to === "cancelled") return cancel(d, cmd.actor, cmd.actorId, cmd.note ?? null, cmd.by);
  if (doc.committing) return refuse(busy);
  if (!isEdge(doc.status, cmd.to)) return refuse(invalidTransitionError(doc.status, cmd.to, cmd.actor));
  if (!canTransition(doc.status, cmd.to, cmd.actor)) {
    return refuse({ status: 403, code: "forbidden", message: `A ${cmd.actor} cannot move an order from ${doc.status} to ${cmd.to}` });
  }
  const before = { status: doc.status, tracking_number: doc.trackingNumber };
  if (cmd.to === "shipped") {
    if (!cmd.trackingNumber) {
      return refuse({
        status: 400,
        code: "validation_error",
        message: "A tracking number is required to ship",
        details: { fields: [{ field: "tracking_number", code: "required", message: "required when to is shipped" }] },
      });
    }
    doc.trackingNumber = cmd.trackingNumber;
  }
  const changes = changedFields(before, { status: cmd.to, tracking_number: doc.trackingNumber });
  d.move(cmd.to, cmd.actor, cmd.actorId, cmd.note ?? null, d.audit(cmd.by, "transition", "order", doc.orderId, changes));
  return { ok: true, outcome: "applied" };
}

function expire(d: Draft): Decided {
  const { doc } = d;
  if (doc.status !== "pending_payment" || doc.committing || doc.reservationExpiresAt === null || doc.reservationExpiresAt > d.now) {
    return { ok: true, outcome: "ignored" };
  }
  d.move("expired", "system", null, null);
  // The holds lapsed: releasing them marks them expired, so a late payment may take the stock again.
  d.steps.push({ kind: "release_stock" });
  doc.stock = "released";
  d.releaseDiscount();
  return { ok: true, outcome: "applied" };
}

function refundRequested(d: Draft, cmd: Extract<Command, { type: "refund_requested" }>): Decided {
  const payment = d.payment(cmd.payment);
  const remaining = payment.amount - payment.refunded - payment.refunding;
  if (!CAPTURED.includes(payment.status) || remaining <= 0) {
    return refuse({ status: 409, code: "payment_not_refundable", message: `A ${payment.status} payment cannot be refunded`, details: { status: payment.status, refundable: Math.max(remaining, 0) } });
  }
  const value = cmd.amount ?? remaining;
  if (value > remaining) {
    return refuse({ status: 422, code: "refund_exceeds_payment", message: `At most ${remaining} can be refunded`, details: { refundable: remaining } });
  }
  const refundId = d.refund(cmd.payment.id, value, "requested_by_customer", `staff:${cmd.actorId}`, false, false, cmd.by);
  return { ok: true, outcome: "applied", paymentId: cmd.payment.id, refundId };
}

/** The provider says more was refunded than we know of: a refund made at the provider itself. */
function refundReported(d: Draft, cmd: Extract<Command, { type: "refund_reported" }>): Decided {
  const payment = d.payment(cmd.payment);
  if (!CAPTURED.includes(payment.status) && payment.status !== "refunded") {
    // Seen before its success: refused, so the provider redelivers once the success is in.
    return refuse({ status: 409, code: "payment_not_captured", message: "This payment has not succeeded yet", details: { payment_id: cmd.payment.id } });
  }
  const known = payment.refunded + payment.refunding;
  const delta = Math.min(cmd.refundedTotal, payment.amount) - known;
  if (delta <= 0) return { ok: true, outcome: "ignored", paymentId: cmd.payment.id };
  d.refund(cmd.payment.id, delta, "external", cmd.source, false, true);
  return { ok: true, outcome: "applied", paymentId: cmd.payment.id };
}

/** Re-asserts the document's truth: every row, the stock and the discount as the object sees them. */
function repair(d: Draft): Decided {
  const { doc } = d;
  d.steps.push({ kind: "order_row", event: null });
  for (const id of Object.keys(doc.payments)) d.steps.push({ kind: "payment_row", paymentId: id, event: null });
  if (doc.stock === "released" && !doc.committing) d.steps.push({ kind: "return_stock" });
  if (doc.discountId && !doc.discountHeld && !doc.committing) d.steps.push({ kind: "release_discount" });
  for (const [refundId, refund] of Object.entries(doc.refunds)) {
    if (refund.status !== "pending") continue;
    d.steps.push({ kind: "refund", refundId, paymentId: refund.paymentId, amount: refund.amount, reason: "requested_by_customer", source: "system", retry: true });
  }
  // Money we decided not to keep whose refund was abandoned after its retries: try again.
  for (const [paymentId, payment] of Object.entries(doc.payments)) {
    const owed = payment.amount - payment.refunded - payment.refunding;
    if (payment.outcome === "auto_refunded" && owed > 0) d.refund(paymentId, owed, "order_cancelled", "system", true);
  }
  return { ok: true, outcome: "applied" };
}

export function decide(doc: OrderDoc, command: Command, now: number, newId: () => string): Decision {
  const d = new Draft(structuredClone(doc), now, newId);
  switch (command.type) {
    case "payment_succeeded":
      return d.done(paymentSucceeded(d, command));
    case "payment_failed":
      return d.done(paymentFailed(d, command));
    case "refund_requested":
      return d.done(refundRequested(d, command));
    case "refund_reported":
      return d.done(refundReported(d, command));
    case "cancel":
      return d.done(cancel(d, command.actor, command.actorId, command.note ?? null, command.by));
    case "transition":
      return d.done(transition(d, command));
    case "expire":
      return d.done(expire(d));
    case "repair":
      return d.done(repair(d));
  }
}

function stockCommitted(d: Draft, paymentId: string): void {
  const { doc } = d;
  const payment = doc.payments[paymentId];
  const late = doc.status === "expired" || (doc.reservationExpiresAt ?? 0) <= d.now;
  doc.committing = null;
  doc.appliedPaymentId = paymentId;
  doc.paidAt = d.now;
  doc.stock = "committed";
  if (payment) payment.outcome = "applied";
  const provider = payment?.provider ?? "payment";
  d.move("paid", "system", null, late ? `Paid by ${provider} after the hold lapsed; stock re-reserved` : `Paid by ${provider}`);
  d.paymentEvent(paymentId, "order_paid", payment?.status ?? null, "system", payment?.amount ?? null, { late });
}

/** The payment cannot be applied (stock or discount gone): nothing stays taken, the money goes back. */
function cannotFill(d: Draft, paymentId: string, reason: "out_of_stock" | "offer_ended"): void {
  const { doc } = d;
  doc.committing = null;
  doc.stock = "released";
  d.releaseDiscount();
  if (doc.status === "pending_payment") d.move("cancelled", "system", null, "Payment arrived after the stock was gone; refunded");
  d.autoRefund(paymentId, reason);
  d.steps.push({ kind: "order_row", event: null });
}

function refundSettled(d: Draft, step: Extract<Step, { kind: "refund" }>, result: Extract<StepResult, { kind: "refund" }>): void {
  const { doc } = d;
  const refund = doc.refunds[step.refundId];
  const payment = doc.payments[step.paymentId];
  if (!refund || !payment || refund.status !== "pending") return;
  payment.refunding -= refund.amount;
  if (!result.ok) {
    refund.status = "failed";
    refund.error = result.error;
    d.paymentEvent(step.paymentId, "refund_failed", payment.status, step.source, refund.amount, { refund_id: step.refundId, error: result.error });
    return;
  }
  refund.status = result.status;
  const from = payment.status;
  payment.refunded += refund.amount;
  payment.status = payment.refunded >= payment.amount ? "refunded" : "partially_refunded";
  d.paymentEvent(step.paymentId, step.reason === "requested_by_customer" || step.reason === "external" ? "refunded" : "auto_refunded", from, step.source, refund.amount, {
    refund_id: step.refundId,
    reason: step.reason,
  });
  if (step.paymentId === doc.appliedPaymentId && REFUNDABLE.includes(doc.status)) {
    const full = payment.refunded >= payment.amount;
    const to: OrderStatus = full ? "refunded" : "partially_refunded";
    if (to !== doc.status) d.move(to, "system", null, `Refund of ${refund.amount} via ${payment.provider}`);
    else d.steps.push({ kind: "order_row", event: null });
    // Shipping needs a tracking number, so none means the units are still in the warehouse.
    if (full && doc.trackingNumber === null && doc.stock === "committed") {
      doc.stock = "released";
      d.steps.push({ kind: "return_stock" });
    }
    return;
  }
  d.steps.push({ kind: "order_row", event: null });
}

/** What follows a step whose result matters: the rest of the commit, a refund's bookkeeping. */
export function afterStep(doc: OrderDoc, step: Step, result: StepResult, now: number, newId: () => string): Decision {
  const d = new Draft(structuredClone(doc), now, newId);
  const paying = d.doc.committing;
  if (step.kind === "redeem_discount" && result.kind === "discount" && paying) {
    if (result.ok) {
      d.doc.discountHeld = true;
      d.steps.push({ kind: "commit_stock" });
    } else cannotFill(d, paying, "offer_ended");
  }
  if (step.kind === "commit_stock" && result.kind === "stock" && paying) {
    if (result.ok) stockCommitted(d, paying);
    else cannotFill(d, paying, "out_of_stock");
  }
  if (step.kind === "refund" && result.kind === "refund") refundSettled(d, step, result);
  return d.done({ ok: true, outcome: "applied" });
}
