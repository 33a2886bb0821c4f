import type { Actor } from "../audit/actor";
import type { DbDeps } from "../env";
import { AppError, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { applyPaymentFailed, applyPaymentSucceeded, refundPayment } from "./effects";
import { orderPort, type OrderViewer } from "./order-port";
import type { ProviderName } from "./provider";
import { providerDeps, providerFor } from "./providers";
import { getPayment, insertPayment, type PaymentRow } from "./store";

/**
 * Starts paying an order the viewer may see (else 404). Only a pending_payment order whose hold
 * is still live can be paid; the amount is the order's total as the server computed it.
 */
export async function createPayment(
  deps: DbDeps,
  viewer: OrderViewer,
  input: { orderId: string; provider: ProviderName },
): Promise<PaymentRow> {
  const order = await orderPort().orderFor(deps, input.orderId, viewer);
  if (order.status !== "pending_payment") {
    throw new AppError(409, "order_not_payable", `An order that is ${order.status} cannot be paid`, { status: order.status });
  }
  if (!order.reservationExpiresAt || order.reservationExpiresAt <= Date.now()) {
    throw new AppError(409, "reservation_expired", "The time to pay for this order has run out; check out again");
  }
  if (order.total <= 0) throw new AppError(422, "nothing_to_pay", "This order's total is zero");

  const provider = providerFor(input.provider, providerDeps(deps.env));
  const id = newId();
  const started = await provider.createCharge({
    paymentId: id,
    orderId: order.id,
    orderNumber: order.number,
    email: order.email,
    amount: order.total,
    currency: order.currency,
  });
  return insertPayment(
    deps,
    {
      id,
      orderId: order.id,
      provider: input.provider,
      providerRef: started.providerRef,
      amount: order.total,
      currency: order.currency,
      status: "pending",
      clientData: started.clientData,
    },
    viewer.principal ? `user:${viewer.principal.id}` : "guest",
  );
}

/** A payment under its order's BOLA rule: whoever may not see the order gets a 404. */
export async function getPaymentFor(deps: DbDeps, paymentId: string, viewer: OrderViewer): Promise<PaymentRow> {
  const payment = await getPayment(deps, paymentId);
  if (!payment) throw notFound("Payment");
  await orderPort().orderFor(deps, payment.orderId, viewer).catch((err: unknown) => {
    throw err instanceof AppError && err.status === 404 ? notFound("Payment") : err;
  });
  return payment;
}

async function requirePayment(deps: DbDeps, id: string): Promise<PaymentRow> {
  const payment = await getPayment(deps, id);
  if (!payment) throw notFound("Payment");
  return payment;
}

function requireManual(payment: PaymentRow): PaymentRow {
  if (payment.provider !== "manual") {
    throw new AppError(409, "not_manual_payment", "Only manual bank transfers are confirmed by staff");
  }
  return payment;
}

/** A staff action's result: the payment as D1 has it, and whether the order object finished every step. */
export interface StaffResult {
  payment: PaymentRow;
  settled: boolean;
}

/**
 * Staff saw the transfer arrive: the same effects as a provider's success. Keyed by the payment,
 * so a confirm cut off half way resumes when staff retry instead of answering payment_not_pending.
 */
export async function confirmManualPayment(deps: DbDeps, id: string, by: Actor): Promise<StaffResult> {
  const payment = requireManual(await requirePayment(deps, id));
  const reply = await applyPaymentSucceeded(
    deps,
    payment,
    { amount: payment.amount, currency: payment.currency, source: `staff:${by.id}` },
    { key: `confirm:${id}`, requirePending: true, by },
  );
  return { payment: await requirePayment(deps, id), settled: reply.settled };
}

export async function rejectManualPayment(deps: DbDeps, id: string, by: Actor, reason: string | undefined): Promise<StaffResult> {
  const payment = requireManual(await requirePayment(deps, id));
  const reply = await applyPaymentFailed(
    deps,
    payment,
    { status: "failed", reason: reason ?? "Transfer rejected by staff", source: `staff:${by.id}` },
    { key: `reject:${id}`, requirePending: true, by },
  );
  return { payment: await requirePayment(deps, id), settled: reply.settled };
}

/** `idempotencyKey` (the request's Idempotency-Key) makes a retried refund request refund once. */
export async function refundPaymentById(
  deps: DbDeps,
  id: string,
  amount: number | undefined,
  by: Actor,
  idempotencyKey: string | undefined,
): Promise<StaffResult> {
  const payment = await requirePayment(deps, id);
  const key = idempotencyKey ? `refund:${by.id}:${idempotencyKey}:${amount ?? "rest"}` : undefined;
  const reply = await refundPayment(deps, payment, amount, by, key);
  return { payment: await requirePayment(deps, id), settled: reply.settled };
}
