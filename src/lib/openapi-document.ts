import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";

/** The OpenAPI tag of routes that exist only with devToolsEnabled (src/dev/enabled.ts); the production document drops them. */
export const DEV_TAG = "Development (local only)";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  tags?: string[];
}

const pascal = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const camelWords = (segment: string) => segment.split(/[-_.]/).filter(Boolean).map(pascal).join("");

/**
 * The method and the path, so a client method is named for what it calls and never changes unless the
 * route does: `GET /api/v1/orders/{id}` → `getOrdersById`, `POST /api/v1/admin/payments/{id}/confirm` →
 * `postAdminPaymentsByIdConfirm`. A route may still declare its own.
 */
export function operationIdFor(method: string, path: string): string {
  const segments = path.replace(/^\/api\/v1(?=\/|$)/, "").split("/").filter(Boolean);
  const words = segments.map((s) => {
    const param = s.match(/^\{(.+)\}$/);
    return param?.[1] ? `By${camelWords(param[1])}` : camelWords(s);
  });
  return method + words.join("");
}

export interface DocumentOptions {
  /** Keep the routes tagged DEV_TAG (local development with devToolsEnabled). */
  includeDev: boolean;
}

/**
 * /api/openapi.json: the registry's document with what every operation needs filled in one place —
 * an operationId, and `security: []` on public operations (routes declare security only when they
 * accept a token) — and the local-only routes dropped unless they are switched on.
 */
export function openApiDocument(app: OpenAPIHono<AppEnv>, info: { title: string; version: string; description: string }, options: DocumentOptions) {
  const document = app.getOpenAPI31Document({ openapi: "3.1.0", info, servers: [{ url: "/" }] });
  const seen = new Set<string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const operations = item as Record<string, Operation | undefined>;
    for (const method of METHODS) {
      const operation = operations[method];
      if (!operation) continue;
      if (!options.includeDev && operation.tags?.includes(DEV_TAG)) {
        delete operations[method];
        continue;
      }
      operation.operationId ??= operationIdFor(method, path);
      operation.security ??= [];
      if (seen.has(operation.operationId)) throw new Error(`duplicate operationId ${operation.operationId}`);
      seen.add(operation.operationId);
    }
    if (!METHODS.some((m) => operations[m])) delete document.paths?.[path];
  }
  return document;
}
