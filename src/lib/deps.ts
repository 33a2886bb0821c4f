import { createMiddleware } from "hono/factory";
import { createDb } from "../db/client";
import type { AppEnv } from "../env";

/**
 * Builds the request's dependencies once (docs/ARCHITECTURE.md "Request path"), after `authenticate` so the caller
 * is known. Entry points without a request (queues, cron, Durable Objects) build their db themselves.
 */
export const provideDeps = createMiddleware<AppEnv>(async (c, next) => {
  c.set("deps", {
    env: c.env,
    db: createDb(c.env.DB),
    principal: c.get("principal"),
    defer: (task) => c.executionCtx.waitUntil(task),
  });
  await next();
});
