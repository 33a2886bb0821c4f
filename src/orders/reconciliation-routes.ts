import { createRoute, z } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { bearerSecurity, createRouter, errorResponses, jsonContent } from "../lib/openapi";
import { FINDING_KINDS, reconcile } from "./reconciliation";

const DAY_MS = 86_400_000;

const reconciliationQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional().openapi({ description: "Orders and payments changed since (default: 7 days ago)" }),
  grace_seconds: z.coerce.number().int().min(0).max(3600).default(60).openapi({ description: "Younger changes are in flight, not findings" }),
  stock_limit: z.coerce.number().int().min(1).max(1000).default(200).openapi({ description: "Recent orders whose stock is checked against the stock objects" }),
});

const findingSchema = z
  .object({
    kind: z.enum(FINDING_KINDS),
    order_id: z.string().nullable(),
    payment_id: z.string().optional(),
    variant_id: z.string().optional(),
    discount_id: z.string().optional(),
    refund_id: z.string().optional(),
    detail: z.string(),
  })
  .openapi("ReconciliationFinding");

const reconciliationSchema = z
  .object({ checked_at: z.string(), data: z.array(findingSchema) })
  .openapi("Reconciliation");

export const reconciliationRouter = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/reconciliation",
      tags: ["Orders (admin)"],
      summary: "Where money, stock and discount uses disagree (expected: nowhere)",
      description:
        "Succeeded payments not matched by a paid order or a refund; stock committed for orders that are not paid; live holds " +
        "for orders past payment; discount uses without a live or paid order; refunds still pending at a provider. The cron " +
        "runs the same check every 5 minutes and has each order's authority repair what it finds.",
      security: bearerSecurity,
      middleware: [requireRole("admin", "staff")] as const,
      request: { query: reconciliationQuery },
      responses: { 200: jsonContent(reconciliationSchema, "Findings"), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const now = Date.now();
      const since = q.since ? Date.parse(q.since) : now - 7 * DAY_MS;
      const data = await reconcile(c.var.deps, { since, graceMs: q.grace_seconds * 1000, stockLimit: q.stock_limit }, now);
      return c.json({ checked_at: new Date(now).toISOString(), data }, 200);
    },
  );
