import { iso } from "../lib/time";
import type { ProviderName } from "./provider";
import type { AdminPaymentView, PaymentView } from "./schemas";
import type { PaymentRow, PaymentStatus } from "./store";

function base(p: PaymentRow) {
  return {
    id: p.id,
    order_id: p.orderId,
    provider: p.provider as ProviderName,
    status: p.status as PaymentStatus,
    amount: p.amount,
    currency: p.currency,
    refunded_amount: p.refundedAmount,
    failure_reason: p.failureReason,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
  };
}

/** What the payer sees: with what their client needs to finish paying. */
export function toPaymentView(p: PaymentRow): PaymentView {
  return { ...base(p), ...p.clientData };
}

export function toAdminPaymentView(p: PaymentRow): AdminPaymentView {
  return { ...base(p), provider_ref: p.providerRef, provider_transaction_ref: p.providerTransactionRef };
}
