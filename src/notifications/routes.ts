import { createRoute } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { bearerSecurity, createRouter, errorResponses, jsonContent } from "../lib/openapi";
import { envelope, paginated, paginationQuery } from "../lib/pagination";
import { listDeadLetters } from "./dead-letters";
import { deadLetterQuery, deadLetterSchema, outboxItemSchema, outboxQuery } from "./schemas";
import { listOutbox } from "./service";

export const notificationsRouter = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/outbox",
      tags: ["Notifications"],
      summary: "Emails sent through the outbox (admin)",
      description: "With no mail provider configured, every email lands here, newest first.",
      security: bearerSecurity,
      middleware: [requireRole("admin")] as const,
      request: { query: paginationQuery.extend(outboxQuery.shape) },
      responses: { 200: jsonContent(paginated(outboxItemSchema), "Messages"), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const { items, total } = await listOutbox(c.var.deps, q, q);
      return c.json(envelope(items, q, total), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/dead-letters",
      tags: ["Notifications"],
      summary: "Queue messages that exhausted their retries (admin)",
      description:
        "Emails and export jobs that failed max_retries times land in their dead-letter queue; its consumer records them here, newest first.",
      security: bearerSecurity,
      middleware: [requireRole("admin")] as const,
      request: { query: paginationQuery.extend(deadLetterQuery.shape) },
      responses: { 200: jsonContent(paginated(deadLetterSchema), "Dead letters"), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const { items, total } = await listDeadLetters(c.var.deps, q, q);
      return c.json(envelope(items, q, total), 200);
    },
  );

