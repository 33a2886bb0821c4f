import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { cartDepsOf, cartOwnerOf } from "../cart/request";
import type { AppEnv } from "../env";
import { principalOf, requireRole } from "../lib/auth";
import { idempotencyRequest } from "../lib/idempotency";
import { bearerSecurity, createRouter, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { envelope, paginated, paginationQuery } from "../lib/pagination";
import { getOrderFor } from "./access";
import { clientKey } from "../security/client-key";
import { checkout } from "./checkout";
import { invoicePdf } from "./invoice";
import { listMyOrders } from "./queries";
import { checkoutBody, myOrdersQuery, orderSchema, orderSummarySchema, orderTokenHeader } from "./schemas";
import { cancelOrder } from "./service";
import { viewFor } from "./seller-scope";
import { loadOrderView } from "./views";

export const ordersRouter = createRouter();
const tags = ["Orders"];
/** A customer's bearer token, or none for a guest (cart token / order token headers). */
const optionalBearer: Array<Record<string, string[]>> = [{ bearerAuth: [] }, {}];

const viewerOf = (c: Context<AppEnv>) => ({ principal: c.get("principal"), orderToken: c.req.header("X-Order-Token") });

ordersRouter.openapi(
  createRoute({
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
  }),
  async (c) => {
    const input = c.req.valid("json");
    // Keys are scoped to the caller (user id, else the cart token); checkout stores the response in its order batch.
    const scope = c.get("principal")?.id ?? `cart:${c.req.header("X-Cart-Token") ?? ""}`;
    const idem = await idempotencyRequest(c, scope, JSON.stringify(input));
    const { response, replayed } = await checkout(cartDepsOf(c), cartOwnerOf(c), c.get("principal"), input, idem, await clientKey(c));
    if (replayed) c.header("Idempotent-Replayed", "true");
    // Only a 201 is ever stored for checkout, so a replay is one too.
    return c.json(JSON.parse(response.body) as z.infer<typeof orderSchema>, 201);
  },
);

ordersRouter.openapi(
  createRoute({
    method: "get",
    path: "/orders",
    tags,
    summary: "The signed-in customer's order history",
    security: bearerSecurity,
    middleware: [requireRole("customer")] as const,
    request: { query: paginationQuery.extend(myOrdersQuery.shape) },
    responses: { 200: jsonContent(paginated(orderSummarySchema), "Orders"), ...errorResponses },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const { items, total } = await listMyOrders(c.var.deps.db, principalOf(c).id, q, q);
    return c.json(envelope(items, q, total), 200);
  },
);

ordersRouter.openapi(
  createRoute({
    method: "get",
    path: "/orders/{id}",
    tags,
    summary: "One order: the customer's own, or a guest's with X-Order-Token",
    security: optionalBearer,
    request: { params: idParam, headers: orderTokenHeader },
    responses: { 200: jsonContent(orderSchema, "The order"), 404: errorResponses[404] },
  }),
  async (c) => {
    const db = c.var.deps.db;
    const viewer = viewerOf(c);
    return c.json(viewFor(viewer.principal, await loadOrderView(db, await getOrderFor(db, c.req.valid("param").id, viewer))), 200);
  },
);

ordersRouter.openapi(
  createRoute({
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
  }),
  async (c) => {
    const db = c.var.deps.db;
    const { order, settled } = await cancelOrder(c.var.deps, c.req.valid("param").id, viewerOf(c), c.get("requestId"), c.req.valid("json")?.note);
    return c.json(await loadOrderView(db, order), settled ? 200 : 202);
  },
);

ordersRouter.openapi(
  createRoute({
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
  }),
  async (c) => {
    const db = c.var.deps.db;
    const viewer = viewerOf(c);
    const order = await getOrderFor(db, c.req.valid("param").id, viewer);
    const { body, filename } = await invoicePdf(c.var.deps, order, viewer.principal);
    return c.body(body, 200, {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    });
  },
);
