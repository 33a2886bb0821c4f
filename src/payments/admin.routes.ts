import { createRoute, z } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { cursorPage, cursorQuery } from "../lib/cursor";
import { bearerSecurity, errorContent, errorResponses, idParam, jsonContent } from "../lib/openapi";
import { adminPaymentSchema, adminPaymentsQuery, paymentStatsSchema, refundBody, rejectBody, statsQuery } from "./schemas";

const staffOnly = requireRole("admin", "staff");

export const list = createRoute({
  method: "get",
  path: "/admin/payments",
  tags: ["Payments"],
  summary: "Payments, newest first, by status and provider, in cursor pages",
  security: bearerSecurity,
  middleware: [staffOnly] as const,
  request: { query: cursorQuery.extend(adminPaymentsQuery.shape) },
  responses: { 200: jsonContent(cursorPage(adminPaymentSchema), "Payments"), ...errorResponses },
});

export const stats = createRoute({
  method: "get",
  path: "/admin/payments/stats",
  tags: ["Payments"],
  summary: "Volume and success rate by provider and by UTC day",
  security: bearerSecurity,
  middleware: [staffOnly] as const,
  request: { query: statsQuery },
  responses: { 200: jsonContent(paymentStatsSchema, "Payment stats"), ...errorResponses },
});

export const confirm = createRoute({
  method: "post",
  path: "/admin/payments/{id}/confirm",
  tags: ["Payments"],
  summary: "Confirm a manual bank transfer arrived: the order is paid (or refunded if its stock is gone)",
  security: bearerSecurity,
  middleware: [staffOnly] as const,
  request: { params: idParam },
  responses: {
    200: jsonContent(adminPaymentSchema, "The payment after confirmation"),
    202: jsonContent(adminPaymentSchema, "Accepted: a dependency failed half way; the order finishes it by itself and a retry resumes it"),
    ...errorResponses,
    409: errorContent("not_manual_payment or payment_not_pending"),
  },
});

export const reject = createRoute({
  method: "post",
  path: "/admin/payments/{id}/reject",
  tags: ["Payments"],
  summary: "Reject a manual bank transfer; the order stays payable while its hold lives",
  security: bearerSecurity,
  middleware: [staffOnly] as const,
  request: { params: idParam, body: { required: false, content: { "application/json": { schema: rejectBody } } } },
  responses: {
    200: jsonContent(adminPaymentSchema, "The rejected payment"),
    202: jsonContent(adminPaymentSchema, "Accepted: the order finishes recording it by itself"),
    ...errorResponses,
    409: errorContent("not_manual_payment or payment_not_pending"),
  },
});

export const refund = createRoute({
  method: "post",
  path: "/admin/payments/{id}/refund",
  tags: ["Payments"],
  summary: "Refund a payment in full or in part through its provider",
  description:
    "Refunds of one order are serialized by the order's authority and never exceed what was paid. " +
    "Send an Idempotency-Key: a retried request with the same key and amount refunds once. " +
    "A manual transfer's refund is recorded as due for staff to pay out.",
  security: bearerSecurity,
  middleware: [staffOnly] as const,
  request: {
    params: idParam,
    headers: z.object({ "idempotency-key": z.string().min(1).max(255).optional() }),
    body: { required: false, content: { "application/json": { schema: refundBody } } },
  },
  responses: {
    200: jsonContent(adminPaymentSchema, "The payment after the refund"),
    202: jsonContent(adminPaymentSchema, "Accepted: the refund is recorded and is being completed"),
    ...errorResponses,
    409: errorContent("payment_not_refundable"),
    422: errorContent("refund_exceeds_payment"),
    502: errorContent("provider_error"),
    503: errorContent("provider_not_configured"),
  },
});
