import { and, eq } from "drizzle-orm";
import { paymentEvents, payments } from "../db/schema";
import type { DbDeps, ReadDeps } from "../env";
import { newId } from "../lib/ids";
import type { ProviderName } from "./provider";

export type PaymentRow = typeof payments.$inferSelect;

export const PAYMENT_STATUSES = ["pending", "succeeded", "failed", "canceled", "partially_refunded", "refunded"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export async function getPayment(deps: ReadDeps, id: string): Promise<PaymentRow | undefined> {
  const { db } = deps;
  return db.query.payments.findFirst({ where: eq(payments.id, id) });
}

export async function findByProviderRef(deps: ReadDeps, provider: ProviderName, ref: string): Promise<PaymentRow | undefined> {
  const { db } = deps;
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

export async function insertPayment(deps: DbDeps, row: typeof payments.$inferInsert, source: string): Promise<PaymentRow> {
  const { db } = deps;
  const [inserted] = await db.batch([
    db.insert(payments).values(row).returning(),
    db.insert(paymentEvents).values(eventValues(row.id, { type: "created", source, amount: row.amount }, null, row.status)),
  ]);
  const payment = inserted[0];
  if (!payment) throw new Error("payment insert returned nothing");
  return payment;
}
