import { createRoute } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { cursorPage, cursorQuery } from "../lib/cursor";
import { bearerSecurity, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { adminOrdersQuery, bulkTransitionBody, bulkTransitionResult, orderSchema, orderStatsSchema, orderSummarySchema, transitionBody } from "./schemas";

const tags = ["Orders (admin)"];

export const listOrders = createRoute({
  method: "get",
  path: "/admin/orders",
  tags,
  summary: "Orders with filters, in cursor pages (sellers see orders holding their store's items)",
  security: bearerSecurity,
  middleware: [requireRole("admin", "staff", "seller")] as const,
  request: { query: cursorQuery.extend(adminOrdersQuery.shape) },
  responses: { 200: jsonContent(cursorPage(orderSummarySchema), "Orders"), ...errorResponses },
});

export const stats = createRoute({
  method: "get",
  path: "/admin/orders/stats",
  tags,
  summary: "Counts by status, revenue, average order value, orders by month, recent orders",
  security: bearerSecurity,
  middleware: [requireRole("admin", "staff")] as const,
  responses: { 200: jsonContent(orderStatsSchema, "Stats"), ...errorResponses },
});

export const getOrder = createRoute({
  method: "get",
  path: "/admin/orders/{id}",
  tags,
  summary: "One order with its lines and status history",
  security: bearerSecurity,
  middleware: [requireRole("admin", "staff", "seller")] as const,
  request: { params: idParam },
  responses: { 200: jsonContent(orderSchema, "The order"), ...errorResponses },
});

export const transition = createRoute({
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
});

export const bulkTransitions = createRoute({
  method: "post",
  path: "/admin/orders/bulk-transitions",
  tags,
  summary: "Move many orders; each is validated on its own, with a result per order",
  security: bearerSecurity,
  middleware: [requireRole("admin", "staff")] as const,
  request: { body: jsonBody(bulkTransitionBody) },
  responses: { 200: jsonContent(bulkTransitionResult, "A result per order"), ...errorResponses },
});
