import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

/**
 * API answers carry tokens and personal data (sessions, carts, orders, users), so none may be kept by
 * a browser or a shared cache unless its route chose a policy itself (the edge-cached public catalog,
 * immutable media, the export download).
 */
export const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
});
