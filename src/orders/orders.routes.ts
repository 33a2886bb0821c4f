import { createRoute, z } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { bearerSecurity, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { paginated, paginationQuery } from "../lib/pagination";
import { checkoutBody, myOrdersQuery, orderSchema, orderSummarySchema, orderTokenHeader } from "./schemas";

const tags = ["Orders"];

/** A customer's bearer token, or none for a guest (cart token / order token headers). */
const optionalBearer: Array<Record<string, string[]>> = [{ bearerAuth: [] }, {}];

export const placeOrder = createRoute({
  method: "post",
  path: "/orders",
  tags,
  summary: "Place an order from the cart (holds stock until reservation_expires_at)",
  description:
    "All or nothing: every line's stock is held, the discount use counted, and the order written, or nothing is. " +
    "Send an Idempotency-Key to retry safely: the same key and body return the first response; a refused request " +
    "stores nothing, so the same key may be retried. While sold out, a buyer may be told insufficient_stock for " +
    "up to ~1 s after a unit comes back, never sold one that is not there.",
  security: optionalBearer,
  request: {
    headers: z.object({
      "idempotency-key": z.string().optional(),
      "x-cart-token": z.string().optional().openapi({ description: "Guests: the cart to check out" }),
    }),
    body: jsonBody(checkoutBody),
  },
  responses: {
    201: jsonContent(orderSchema, "The order, pending payment"),
    ...errorResponses,
    409: errorContent(
      "insufficient_stock (details.lines says which), idempotency_conflict, product_unavailable (details.variant_ids: inactive, deleted, outside its sale window or its store suspended)",
    ),
    422: errorContent("cart_empty, discount_exhausted, purchase_limit_exceeded (the variant's max_per_customer)"),
    429: errorContent("rate_limited, or too_many_unpaid_orders (pay or cancel one; Retry-After says when one lapses)"),
  },
});

export const listOrders = createRoute({
  method: "get",
  path: "/orders",
  tags,
  summary: "The signed-in customer's order history",
  security: bearerSecurity,
  middleware: [requireRole("customer")] as const,
  request: { query: paginationQuery.extend(myOrdersQuery.shape) },
  responses: { 200: jsonContent(paginated(orderSummarySchema), "Orders"), ...errorResponses },
});

export const getOrder = createRoute({
  method: "get",
  path: "/orders/{id}",
  tags,
  summary: "One order: the customer's own, or a guest's with X-Order-Token",
  security: optionalBearer,
  request: { params: idParam, headers: orderTokenHeader },
  responses: { 200: jsonContent(orderSchema, "The order"), 404: errorResponses[404] },
});

export const cancel = createRoute({
  method: "post",
  path: "/orders/{id}/cancel",
  tags,
  summary: "Cancel an order before it ships (held or sold stock goes back; a paid order is refunded)",
  security: optionalBearer,
  request: {
    params: idParam,
    headers: orderTokenHeader,
    body: { required: false, content: { "application/json": { schema: z.object({ note: z.string().max(500).optional() }) } } },
  },
  responses: {
    200: jsonContent(orderSchema, "Cancelled"),
    202: jsonContent(orderSchema, "Cancelled; a dependency failed half way and the order finishes the rest (restock, refund, email) by itself"),
    ...errorResponses,
    409: errorContent("invalid_transition: the order can no longer be cancelled; order_busy: a payment is being applied"),
  },
});

export const getInvoice = createRoute({
  method: "get",
  path: "/orders/{id}/invoice",
  tags,
  summary: "The order's invoice as PDF (once paid)",
  security: optionalBearer,
  request: { params: idParam, headers: orderTokenHeader },
  responses: {
    200: { description: "The invoice", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
    404: errorResponses[404],
    409: errorContent("invoice_unavailable: not paid yet"),
  },
});
