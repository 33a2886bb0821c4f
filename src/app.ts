import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { auditRouter } from "./audit/routes";
import { authRouter } from "./auth/auth.router";
import { cartRouter } from "./cart/cart.router";
import { catalogRouters } from "./catalog/routes";
import { discountsRouter } from "./discounts/discounts.router";
import type { AppEnv } from "./env";
import { healthRouter } from "./health/routes";
import { inventoryRouter } from "./inventory/inventory.router";
import { provideDeps } from "./lib/deps";
import { authenticate } from "./lib/auth";
import { docsPage } from "./lib/docs-page";
import { listVar } from "./lib/config";
import { AppError, codeForStatus, errorBody } from "./lib/errors";
import { log } from "./lib/log";
import { accessLog, jsonBodyLimit, requireKnownContentType } from "./lib/middleware";
import { openApiDocument } from "./lib/openapi-document";
import { notificationsRouter } from "./notifications/routes";
import { devToolsEnabled } from "./dev/enabled";
import { devRouter } from "./dev/dev.router";
import { adminOrdersRouter } from "./orders/admin.router";
import { reconciliationRouter } from "./orders/reconciliation-routes";
import { ordersRouter } from "./orders/orders.router";
import { adminPaymentsRouter } from "./payments/admin.router";
import { refundsRouter } from "./payments/refund-routes";
import { paymentsRouter } from "./payments/payments.router";
import { reportsRouter } from "./reports/reports.router";
import { mountRateLimits } from "./security/limits";
import { noStore } from "./security/no-store";
import { storesRouter } from "./stores/stores.router";
import { usersRouter } from "./users/routes";

const API_BASE = "/api/v1";

const routers = [
  authRouter,
  usersRouter,
  storesRouter,
  ...catalogRouters,
  inventoryRouter,
  cartRouter,
  discountsRouter,
  ordersRouter,
  adminOrdersRouter,
  reconciliationRouter,
  notificationsRouter,
  paymentsRouter,
  adminPaymentsRouter,
  refundsRouter,
  reportsRouter,
  auditRouter,
];

function errorResponse(c: Context<AppEnv>, err: Error): Response {
  const id = c.get("requestId") ?? "";
  if (err instanceof AppError) {
    const retryAfter = err.status === 429 ? err.details?.retry_after_seconds : undefined;
    if (typeof retryAfter === "number") c.header("Retry-After", String(retryAfter));
    return c.json(errorBody(err.code, err.message, id, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    const malformed = err.status === 400 && /malformed/i.test(err.message);
    const code = malformed ? "validation_error" : codeForStatus(err.status);
    return c.json(errorBody(code, err.message || code, id), err.status);
  }
  log("error", "unhandled", { request_id: id, error: err.message, stack: err.stack });
  return c.json(errorBody("internal_error", "Something went wrong on our side", id), 500);
}

/** Hono answers a known path with the wrong method as 404; the contract wants a JSON 405 with Allow. */
function allowedMethods(app: OpenAPIHono<AppEnv>, path: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL") continue;
    const pattern = new RegExp(`^${route.path.replace(/:[^/]+/g, "[^/]+").replace(/\*/g, ".*")}$`);
    if (pattern.test(path)) methods.add(route.method);
  }
  return [...methods];
}

export function createApp() {
  const app = new OpenAPIHono<AppEnv>();

  app.use("*", requestId());
  app.use("*", accessLog);
  app.use("*", secureHeaders());
  app.use("*", (c, next) => {
    const allowed = listVar(c.env, "CORS_ORIGINS");
    return cors({
      origin: (origin) => (allowed.includes(origin) ? origin : null),
      credentials: true,
      allowHeaders: ["Content-Type", "Authorization", "Idempotency-Key", "X-Cart-Token", "X-Order-Token", "X-Auth-Mode", "X-D1-Bookmark"],
      exposeHeaders: ["X-Request-Id", "X-Cart-Token", "X-D1-Bookmark", "X-Cache"],
      maxAge: 600,
    })(c, next);
  });
  app.use("/api/*", requireKnownContentType, jsonBodyLimit);
  app.use(`${API_BASE}/*`, authenticate, provideDeps, noStore);
  mountRateLimits(app, API_BASE);

  app.route("/", healthRouter);
  for (const router of routers) app.route(API_BASE, router);
  // Local only (404 unless devToolsEnabled): its webhooks re-enter the whole app, like the provider's would.
  app.route(API_BASE, devRouter((request, c) => Promise.resolve(app.fetch(request, c.env, c.executionCtx))));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const info = {
    title: "Edge Commerce API",
    version: "1.0.0",
    description: "Catalog, carts, checkout with flash-sale-safe stock, payments and reports on Cloudflare Workers.",
  };
  app.get("/api/openapi.json", (c) => c.json(openApiDocument(app, info, { includeDev: devToolsEnabled(c.env) })));
  app.get("/api/docs", docsPage);

  app.notFound((c) => {
    const allow = allowedMethods(app, c.req.path);
    if (allow.length > 0) {
      c.header("Allow", allow.join(", "));
      return c.json(errorBody("method_not_allowed", `${c.req.method} is not allowed here`, c.get("requestId")), 405);
    }
    return c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`, c.get("requestId")), 404);
  });
  app.onError((err, c) => errorResponse(c, err));
  return app;
}
