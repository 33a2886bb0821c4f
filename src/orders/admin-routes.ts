import { createRoute } from "@hono/zod-openapi";
import { actorOf } from "../audit/actor";
import { principalOf, requireRole } from "../lib/auth";
import { bearerSecurity, createRouter, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { cursorPage, cursorQuery } from "../lib/cursor";
import { getOrderFor } from "./access";
import { listAdminOrders, orderStats } from "./queries";
import {
  adminOrdersQuery,
  bulkTransitionBody,
  bulkTransitionResult,
  orderSchema,
  orderStatsSchema,
  orderSummarySchema,
  transitionBody,
} from "./schemas";
import { bulkTransition, staffTransition } from "./service";
import { viewFor } from "./seller-scope";
import { loadOrderView } from "./views";

export const adminOrdersRouter = createRouter();
const tags = ["Orders (admin)"];

adminOrdersRouter.openapi(
  createRoute({
    method: "get",
    path: "/admin/orders",
    tags,
    summary: "Orders with filters, in cursor pages (sellers see orders holding their store's items)",
    security: bearerSecurity,
    middleware: [requireRole("admin", "staff", "seller")] as const,
    request: { query: cursorQuery.extend(adminOrdersQuery.shape) },
    responses: { 200: jsonContent(cursorPage(orderSummarySchema), "Orders"), ...errorResponses },
  }),
  async (c) => {
    const q = c.req.valid("query");
    return c.json(await listAdminOrders(c.var.deps.db, principalOf(c), q, q), 200);
  },
);

adminOrdersRouter.openapi(
  createRoute({
    method: "get",
    path: "/admin/orders/stats",
    tags,
    summary: "Counts by status, revenue, average order value, orders by month, recent orders",
    security: bearerSecurity,
    middleware: [requireRole("admin", "staff")] as const,
    responses: { 200: jsonContent(orderStatsSchema, "Stats"), ...errorResponses },
  }),
  async (c) => c.json(await orderStats(c.var.deps.db, c.env.CURRENCY), 200),
);

adminOrdersRouter.openapi(
  createRoute({
    method: "get",
    path: "/admin/orders/{id}",
    tags,
    summary: "One order with its lines and status history",
    security: bearerSecurity,
    middleware: [requireRole("admin", "staff", "seller")] as const,
    request: { params: idParam },
    responses: { 200: jsonContent(orderSchema, "The order"), ...errorResponses },
  }),
  async (c) => {
    const db = c.var.deps.db;
    const principal = principalOf(c);
    return c.json(viewFor(principal, await loadOrderView(db, await getOrderFor(db, c.req.valid("param").id, { principal }))), 200);
  },
);

adminOrdersRouter.openapi(
  createRoute({
    method: "post",
    path: "/admin/orders/{id}/transitions",
    tags,
    summary: "Move an order along its status flow",
    description:
      "pending_payment → paid → processing → shipped (tracking_number required) → out_for_delivery → delivered; " +
      "cancelled from pending_payment, paid or processing (a paid order is refunded and restocked). " +
      "Payment and refund states are set by payments.",
    security: bearerSecurity,
    middleware: [requireRole("admin", "staff", "seller")] as const,
    request: { params: idParam, body: jsonBody(transitionBody) },
    responses: {
      200: jsonContent(orderSchema, "Moved"),
      202: jsonContent(orderSchema, "Moved; the order finishes writing it by itself after a dependency failure"),
      ...errorResponses,
      409: errorContent("invalid_transition (details.allowed lists the next statuses) or order_busy"),
    },
  }),
  async (c) => {
    const db = c.var.deps.db;
    const { order, settled } = await staffTransition(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"));
    return c.json(await loadOrderView(db, order), settled ? 200 : 202);
  },
);

adminOrdersRouter.openapi(
  createRoute({
    method: "post",
    path: "/admin/orders/bulk-transitions",
    tags,
    summary: "Move many orders; each is validated on its own, with a result per order",
    security: bearerSecurity,
    middleware: [requireRole("admin", "staff")] as const,
    request: { body: jsonBody(bulkTransitionBody) },
    responses: { 200: jsonContent(bulkTransitionResult, "A result per order"), ...errorResponses },
  }),
  async (c) => {
    const { order_ids, to, note } = c.req.valid("json");
    const results = await bulkTransition(c.var.deps, actorOf(c), order_ids, { to, note });
    return c.json({ results }, 200);
  },
);
