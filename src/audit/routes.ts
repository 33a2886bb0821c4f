import { createRoute } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { cursorPage } from "../lib/cursor";
import { bearerSecurity, createRouter, errorResponses, jsonContent } from "../lib/openapi";
import { listAuditLog } from "./queries";
import { auditEntrySchema, auditLogQuery } from "./schemas";

export const auditRouter = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/audit-log",
      tags: ["Audit"],
      summary: "Who changed what: admin, staff and seller writes, newest first, in cursor pages (admin)",
      security: bearerSecurity,
      middleware: [requireRole("admin")] as const,
      request: { query: auditLogQuery },
      responses: { 200: jsonContent(cursorPage(auditEntrySchema), "Audit entries"), ...errorResponses },
    }),
    async (c) => c.json(await listAuditLog(c.var.deps, c.req.valid("query")), 200),
  );
