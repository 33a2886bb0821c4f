import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, jsonContent } from "../lib/openapi";
import { log } from "../lib/log";

const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    checks: z.object({ database: z.enum(["ok", "error"]) }),
    time: z.string(),
  })
  .openapi("Health");

export const healthRouter = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/health",
      tags: ["Health"],
      summary: "Liveness and a D1 round trip",
      responses: {
        200: jsonContent(healthSchema, "Healthy"),
        503: jsonContent(healthSchema, "A dependency is down"),
      },
    }),
    async (c) => {
      const database = await c.env.DB.prepare("SELECT 1 AS ok")
        .first<{ ok: number }>()
        .then((row) => (row?.ok === 1 ? ("ok" as const) : ("error" as const)))
        .catch((err: unknown) => {
          log("error", "health.database", { error: String(err) });
          return "error" as const;
        });
      const time = new Date().toISOString();
      if (database === "ok") return c.json({ status: "ok" as const, checks: { database }, time }, 200);
      return c.json({ status: "degraded" as const, checks: { database }, time }, 503);
    },
  );
