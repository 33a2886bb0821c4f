import { z } from "@hono/zod-openapi";

const REFUND_STATUSES = ["pending", "succeeded", "due", "failed"] as const;

export const refundSchema = z
  .object({
    id: z.string(),
    payment_id: z.string(),
    order_id: z.string(),
    amount: z.number().int(),
    status: z.enum(REFUND_STATUSES).openapi({
      description: "pending: sent to the provider; succeeded: refunded; due: a manual transfer staff must pay back; failed: the provider refused",
    }),
    reason: z.string(),
    source: z.string(),
    provider_refund_ref: z.string().nullable(),
    failure_reason: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Refund");

export const refundsQuery = z.object({
  status: z.enum(REFUND_STATUSES).optional(),
  order_id: z.string().max(64).optional(),
});

export const settleRefundBody = z
  .object({ reference: z.string().trim().min(1).max(200).openapi({ description: "The bank transfer's reference" }) })
  .strict()
  .openapi("SettleRefund");
