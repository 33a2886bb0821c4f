import type { Actor as AuditActor } from "../audit/actor";
import type { PendingAudit } from "../audit/record";
import type { ErrorCode } from "../lib/error-codes";
import type { Outcome, PaymentCommand, PaymentInfo } from "../payments/order-port";
import type { ProviderName } from "../payments/provider";
import type { PaymentStatus } from "../payments/store";
import type { Actor, OrderStatus } from "./state-machine";

// The payments' commands are declared with their port (payments/order-port.ts): payments import no orders module.
export type { Outcome, PaymentInfo };

/**
 * What an order's OrderObject knows and decides on. The object keeps this document in its own
 * storage; D1's orders, payments and refunds rows are written from it, never the other way round.
 */
export interface OrderDoc {
  orderId: string;
  number: string;
  email: string;
  currency: string;
  total: number;
  /** One per variant, as the stock objects hold them. */
  lines: { variantId: string; qty: number }[];
  discountId: string | null;
  customerKey: string;
  /** Whether a use of the discount is counted for this order right now. */
  discountHeld: boolean;
  status: OrderStatus;
  reservationExpiresAt: number | null;
  trackingNumber: string | null;
  paidAt: number | null;
  /** The one payment applied to the order; every other success is refunded. */
  appliedPaymentId: string | null;
  /** Where the order's units are: held for it, sold to it, or given back (released, expired or returned). */
  stock: "held" | "committed" | "released";
  /** A payment whose stock commit is under way: the order is neither paid nor payable meanwhile. */
  committing: string | null;
  payments: Record<string, PaymentState>;
  refunds: Record<string, RefundState>;
}

export interface PaymentState {
  provider: ProviderName;
  providerRef: string | null;
  amount: number;
  currency: string;
  status: PaymentStatus;
  /** Given back (or owed by hand, for a manual transfer). */
  refunded: number;
  /** Sent to the provider, not yet confirmed. */
  refunding: number;
  /** How its success was taken. */
  outcome?: "applied" | "auto_refunded" | "refused";
}

export type RefundStatus = "pending" | "succeeded" | "due" | "failed";

export interface RefundState {
  paymentId: string;
  amount: number;
  status: RefundStatus;
  error?: string;
}

/**
 * Every lifecycle command an order takes; its OrderObject decides them one at a time. `by` is the admin, staff
 * member or seller behind a command (with the request): its audit row is written in the batch of the change.
 */
export type Command =
  | PaymentCommand
  | { type: "cancel"; actor: Actor; actorId: string | null; note?: string; by?: AuditActor }
  | { type: "transition"; to: OrderStatus; actor: Actor; actorId: string | null; trackingNumber?: string; note?: string; by?: AuditActor }
  | { type: "expire" }
  /** Re-asserts the object's truth in D1 and the stock objects (reconciliation). */
  | { type: "repair" };

export interface OrderEventSpec {
  id: string;
  from: OrderStatus;
  to: OrderStatus;
  actor: Actor;
  actorId: string | null;
  note: string | null;
}

export interface PaymentEventSpec {
  id: string;
  type: string;
  from: string | null;
  to: string | null;
  amount: number | null;
  source: string;
  data?: Record<string, unknown>;
}

export type RefundReason = "requested_by_customer" | "order_cancelled" | "out_of_stock" | "already_paid" | "offer_ended" | "external";

/**
 * What must happen after a decision, recorded with it and run in order until done. Each is
 * idempotent: D1 rows are written from the document and events keyed by id, stock calls keyed by
 * order id, refunds by their own id, emails by their dedupe key.
 */
export type Step =
  | { kind: "order_row"; event: OrderEventSpec | null; audit?: PendingAudit }
  | { kind: "payment_row"; paymentId: string; event: PaymentEventSpec | null; patch?: PaymentPatch; audit?: PendingAudit }
  | { kind: "commit_stock" }
  | { kind: "release_stock" }
  | { kind: "return_stock" }
  | { kind: "redeem_discount" }
  | { kind: "release_discount" }
  | { kind: "refund"; refundId: string; paymentId: string; amount: number; reason: RefundReason; source: string; retry: boolean; external?: boolean; audit?: PendingAudit }
  | { kind: "status_email"; status: OrderStatus; note: string | null }
  | { kind: "apology_email"; paymentId: string; reason: "out_of_stock" | "order_cancelled" | "already_paid" | "offer_ended"; amount: number };

export interface PaymentPatch {
  providerTransactionRef?: string | null;
  metadata?: Record<string, unknown>;
  failureReason?: string | null;
}

/** What a step reports back when the decision after it depends on how it went. */
export type StepResult =
  | { kind: "done" }
  | { kind: "stock"; ok: boolean }
  | { kind: "discount"; ok: boolean }
  | { kind: "refund"; ok: true; status: "succeeded" | "due" }
  | { kind: "refund"; ok: false; error: string };

export interface ReplyError {
  status: 400 | 403 | 404 | 409 | 422 | 502 | 503;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** The command's immediate answer; `refundId` lets a refund request report how its refund went. */
export type Decided = { ok: true; outcome: "applied" | "ignored" | "refused" | "auto_refunded"; paymentId?: string; refundId?: string } | { ok: false; error: ReplyError };

export type CommandReply =
  | {
      ok: true;
      outcome: Outcome;
      /** False while steps wait for a retry (a dependency failed): the object finishes them by alarm. */
      settled: boolean;
      status: OrderDoc["status"];
    }
  | { ok: false; error: ReplyError };
