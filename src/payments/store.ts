import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { paymentEvents, payments } from "../db/schema";
import { newId } from "../lib/ids";
import type { ProviderName } from "./provider";

export type PaymentRow = typeof payments.$inferSelect;

export const PAYMENT_STATUSES = ["pending", "succeeded", "failed", "canceled", "partially_refunded", "refunded"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Statuses of money that reached us (a refund does not undo that the payment succeeded). */
export const CAPTURED: readonly string[] = ["succeeded", "partially_refunded", "refunded"];

export async function getPayment(db: Db, id: string): Promise<PaymentRow | undefined> {
  return db.query.payments.findFirst({ where: eq(payments.id, id) });
}

export async function findByProviderRef(db: Db, provider: ProviderName, ref: string): Promise<PaymentRow | undefined> {
  return db.query.payments.findFirst({ where: and(eq(payments.provider, provider), eq(payments.providerRef, ref)) });
}

export interface PaymentEventInput {
  type: string;
  source: string;
  amount?: number | null;
  data?: Record<string, unknown>;
}

function eventValues(paymentId: string, e: PaymentEventInput, from: string | null, to: string | null) {
  return {
    id: newId(),
    paymentId,
    type: e.type,
    fromStatus: from,
    toStatus: to,
    amount: e.amount ?? null,
    source: e.source,
    data: e.data ?? null,
    createdAt: Date.now(),
  };
}

export async function insertPayment(db: Db, row: typeof payments.$inferInsert, source: string): Promise<PaymentRow> {
  const [inserted] = await db.batch([
    db.insert(payments).values(row).returning(),
    db.insert(paymentEvents).values(eventValues(row.id, { type: "created", source, amount: row.amount }, null, row.status)),
  ]);
  const payment = inserted[0];
  if (!payment) throw new Error("payment insert returned nothing");
  return payment;
}

export async function recordPaymentEvent(db: Db, payment: PaymentRow, event: PaymentEventInput): Promise<void> {
  await db.insert(paymentEvents).values(eventValues(payment.id, event, payment.status, payment.status));
}

export interface PaymentMove extends PaymentEventInput {
  to: PaymentStatus;
  patch?: Partial<Pick<PaymentRow, "refundedAmount" | "providerTransactionRef" | "metadata" | "failureReason">>;
}

/**
 * Claims a status change with a conditional update (same status and refunded amount as read), with
 * its event in the same atomic batch. Null when another delivery changed the payment first.
 */
export async function movePayment(db: Db, payment: PaymentRow, move: PaymentMove): Promise<PaymentRow | null> {
  const event = eventValues(payment.id, move, payment.status, move.to);
  const [updated] = await db.batch([
    db
      .update(payments)
      .set({ status: move.to, ...move.patch, updatedAt: Date.now() })
      .where(
        and(
          eq(payments.id, payment.id),
          eq(payments.status, payment.status),
          eq(payments.refundedAmount, payment.refundedAmount),
        ),
      )
      .returning(),
    // changes() is the update's row count: no event without the change.
    db.insert(paymentEvents).select(
      db
        .select({
          id: sql`${event.id}`.as("id"),
          paymentId: sql`${event.paymentId}`.as("payment_id"),
          type: sql`${event.type}`.as("type"),
          fromStatus: sql`${event.fromStatus}`.as("from_status"),
          toStatus: sql`${event.toStatus}`.as("to_status"),
          amount: sql`${event.amount}`.as("amount"),
          source: sql`${event.source}`.as("source"),
          data: sql`${event.data === null ? null : JSON.stringify(event.data)}`.as("data"),
          createdAt: sql`${event.createdAt}`.as("created_at"),
        })
        .from(sql`(SELECT 1)`)
        .where(sql`changes() = 1`),
    ),
  ]);
  return updated[0] ?? null;
}

/** The payment that moved this order to paid (its `order_paid` event), if any. */
export async function payerOf(db: Db, orderId: string): Promise<string | null> {
  const row = await db
    .select({ id: payments.id })
    .from(payments)
    .innerJoin(paymentEvents, eq(paymentEvents.paymentId, payments.id))
    .where(and(eq(payments.orderId, orderId), eq(paymentEvents.type, "order_paid")))
    .limit(1);
  return row[0]?.id ?? null;
}
