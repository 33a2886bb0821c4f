import { createRoute } from "@hono/zod-openapi";
import { idempotent } from "../lib/idempotency";
import { bearerSecurity, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { createPaymentBody, midtransNotificationSchema, paymentHeaders, paymentViewSchema, webhookAckSchema } from "./schemas";

// A guest's key is scoped by its order token, so one guest cannot replay another's payment.
const idempotentPayment = idempotent((c) => c.get("principal")?.id ?? `guest:${c.req.header("X-Order-Token") ?? ""}`);

export const startPayment = createRoute({
  method: "post",
  path: "/payments",
  tags: ["Payments"],
  summary: "Start paying an order with Stripe, Midtrans or a manual bank transfer",
  description:
    "The amount is the order's total; only a pending_payment order with a live stock hold can be paid. " +
    "Customers pay their own orders, guests send X-Order-Token; anything else is 404.",
  security: [...bearerSecurity, {}],
  middleware: [idempotentPayment] as const,
  request: { headers: paymentHeaders, body: jsonBody(createPaymentBody) },
  responses: {
    201: jsonContent(paymentViewSchema, "The payment, with what the client needs to finish it"),
    ...errorResponses,
    409: errorContent("order_not_payable, reservation_expired or idempotency_conflict"),
    422: errorContent("nothing_to_pay"),
    502: errorContent("provider_error"),
    503: errorContent("provider_not_configured"),
  },
});

export const getPayment = createRoute({
  method: "get",
  path: "/payments/{id}",
  tags: ["Payments"],
  summary: "A payment of an order the caller may see",
  security: [...bearerSecurity, {}],
  request: { params: idParam, headers: paymentHeaders.pick({ "x-order-token": true }) },
  responses: { 200: jsonContent(paymentViewSchema, "The payment"), ...errorResponses },
});

export const stripeWebhook = createRoute({
  method: "post",
  path: "/payments/webhooks/stripe",
  tags: ["Payments"],
  summary: "Stripe webhook (Stripe-Signature verified on the raw body)",
  description:
    "Handles payment_intent.succeeded, payment_intent.payment_failed, payment_intent.canceled and charge.refunded. " +
    "Each event id is applied once; a redelivery answers 200 with duplicate: true.",
  responses: {
    200: jsonContent(webhookAckSchema, "Accepted (applied, ignored or duplicate)"),
    400: errorContent("invalid_signature"),
    503: errorContent("provider_not_configured"),
  },
});

export const midtransWebhook = createRoute({
  method: "post",
  path: "/payments/webhooks/midtrans",
  tags: ["Payments"],
  summary: "Midtrans HTTP notification (signature_key verified)",
  request: { body: jsonBody(midtransNotificationSchema) },
  responses: {
    200: jsonContent(webhookAckSchema, "Accepted (applied, ignored or duplicate)"),
    400: errorContent("validation_error or invalid_signature"),
    503: errorContent("provider_not_configured"),
  },
});
