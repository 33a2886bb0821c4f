import { createRoute } from "@hono/zod-openapi";
import { actorOf } from "../audit/actor";
import { requireRole } from "../lib/auth";
import { bearerSecurity, createRouter, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { envelope, paginated, paginationQuery } from "../lib/pagination";
import { refundSchema, refundsQuery, settleRefundBody } from "./refund-schemas";
import { listRefunds, settleRefund, toRefundView } from "./refunds";

const staffOnly = requireRole("admin", "staff");

export const refundsRouter = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/refunds",
      tags: ["Payments"],
      summary: "Refunds, newest first: status=due lists manual transfers to pay back by hand",
      security: bearerSecurity,
      middleware: [staffOnly] as const,
      request: { query: paginationQuery.extend(refundsQuery.shape) },
      responses: { 200: jsonContent(paginated(refundSchema), "Refunds"), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const { items, total } = await listRefunds(c.var.deps, q, q);
      return c.json(envelope(items.map(toRefundView), q, total), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/admin/refunds/{id}/settle",
      tags: ["Payments"],
      summary: "Record that a due refund (manual transfer) was paid back",
      security: bearerSecurity,
      middleware: [staffOnly] as const,
      request: { params: idParam, body: jsonBody(settleRefundBody) },
      responses: {
        200: jsonContent(refundSchema, "The settled refund"),
        ...errorResponses,
        409: errorContent("refund_not_due"),
      },
    }),
    async (c) => {
      const row = await settleRefund(c.var.deps, c.req.valid("param").id, c.req.valid("json").reference, actorOf(c));
      return c.json(toRefundView(row), 200);
    },
  );

