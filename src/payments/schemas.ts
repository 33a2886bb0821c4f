import { z } from "@hono/zod-openapi";
import { PROVIDERS } from "./provider";
import { PAYMENT_STATUSES } from "./store";

const providerSchema = z.enum(PROVIDERS).openapi({ example: "stripe" });
const paymentStatusSchema = z.enum(PAYMENT_STATUSES);

export const createPaymentBody = z
  .object({
    order_id: z.string().min(1).max(64),
    provider: providerSchema,
  })
  .strict()
  .openapi("CreatePayment");

export const paymentHeaders = z.object({
  "idempotency-key": z.string().optional().openapi({ description: "Retries with the same key return the same payment" }),
  "x-order-token": z.string().optional().openapi({ description: "A guest's order token from checkout" }),
});

export const paymentViewSchema = z
  .object({
    id: z.string(),
    order_id: z.string(),
    provider: providerSchema,
    status: paymentStatusSchema,
    amount: z.number().int().openapi({ description: "Minor units of currency (IDR: whole rupiah)" }),
    currency: z.string(),
    refunded_amount: z.number().int(),
    client_secret: z.string().optional().openapi({ description: "stripe: confirm with Stripe.js" }),
    snap_token: z.string().optional().openapi({ description: "midtrans: open Snap with this token" }),
    redirect_url: z.string().optional().openapi({ description: "midtrans: or redirect here" }),
    instructions: z.string().optional().openapi({ description: "manual: bank transfer instructions" }),
    reference: z.string().optional().openapi({ description: "manual: put this in the transfer's reference" }),
    failure_reason: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Payment");
export type PaymentView = z.infer<typeof paymentViewSchema>;

export const adminPaymentSchema = paymentViewSchema
  .omit({ client_secret: true, snap_token: true, redirect_url: true, instructions: true, reference: true })
  .extend({ provider_ref: z.string().nullable(), provider_transaction_ref: z.string().nullable() })
  .openapi("AdminPayment");
export type AdminPaymentView = z.infer<typeof adminPaymentSchema>;

export const adminPaymentsQuery = z.object({
  status: paymentStatusSchema.optional(),
  provider: providerSchema.optional(),
  order_id: z.string().max(64).optional(),
});

export const refundBody = z
  .object({ amount: z.number().int().positive().optional().openapi({ description: "Minor units; default the rest" }) })
  .strict()
  .openapi("RefundPayment");

export const rejectBody = z
  .object({ reason: z.string().trim().min(1).max(500).optional() })
  .strict()
  .openapi("RejectPayment");

export const statsQuery = z.object({
  from: z.iso.date().optional().openapi({ description: "First day (UTC), default 30 days ago" }),
  to: z.iso.date().optional().openapi({ description: "Last day (UTC), default today" }),
});

const statsRow = z.object({
  attempts: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  success_rate: z.number().nullable().openapi({ description: "succeeded / (succeeded + failed + canceled); null if none settled" }),
  volume: z.number().int().openapi({ description: "Sum of captured amounts, minor units" }),
  refunded: z.number().int(),
  currency: z.string(),
});

export const paymentStatsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    by_provider: z.array(statsRow.extend({ provider: providerSchema })),
    by_day: z.array(statsRow.extend({ day: z.string(), provider: providerSchema })),
  })
  .openapi("PaymentStats");
export type PaymentStats = z.infer<typeof paymentStatsSchema>;

export const webhookAckSchema = z
  .object({ received: z.literal(true), duplicate: z.boolean(), outcome: z.string().optional() })
  .openapi("WebhookAck");

/** https://docs.midtrans.com/docs/https-notification-webhooks — the fields we read; the rest pass through. */
export const midtransNotificationSchema = z
  .looseObject({
    order_id: z.string().min(1),
    status_code: z.string(),
    gross_amount: z.string(),
    signature_key: z.string(),
    transaction_status: z.string(),
    transaction_id: z.string().min(1),
    fraud_status: z.string().optional(),
    currency: z.string().optional(),
    refund_amount: z.string().optional(),
    refunds: z.array(z.looseObject({ refund_amount: z.string() })).optional(),
  })
  .openapi("MidtransNotification");
export type MidtransNotification = z.infer<typeof midtransNotificationSchema>;
