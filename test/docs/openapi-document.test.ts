import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/lib/error-codes";
import { operationIdFor } from "../../src/lib/openapi-document";
import { api, json } from "../helpers";

type Operation = { operationId?: string; security?: unknown[]; tags?: string[] };

async function operations() {
  const doc = await json(await api("/api/openapi.json"));
  return {
    doc,
    ops: Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, op })),
    ),
  };
}

describe("API docs", () => {
  it("serves Swagger UI whose every asset comes from this server", async () => {
    const res = await api("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'self'");
    const html = await res.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs).toEqual(["/docs/vendor/favicon-32x32.png", "/docs/vendor/swagger-ui.css", "/docs/vendor/swagger-ui-bundle.js", "/docs/init.js"]);
  });

  it("gives every operation a unique operationId from its method and path, and a security entry", async () => {
    const { ops } = await operations();
    expect(ops.length).toBeGreaterThan(70);
    for (const { path, method, op } of ops) {
      expect(op.operationId, `${method} ${path}`).toBe(operationIdFor(method, path));
      expect(Array.isArray(op.security), `${method} ${path}`).toBe(true);
    }
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
    const byId = Object.fromEntries(ops.map((o) => [o.op.operationId, o]));
    expect(byId.getOrdersById?.path).toBe("/api/v1/orders/{id}");
    expect(byId.postAdminPaymentsByIdConfirm?.op.security).toEqual([{ bearerAuth: [] }]);
    // Public operations say so with an empty list rather than leaving security out.
    expect(byId.postPaymentsWebhooksStripe?.op.security).toEqual([]);
  });

  it("lists every error code as an enum", async () => {
    const { doc } = await operations();
    const code = doc.components.schemas.Error.properties.error.properties.code;
    expect(code.enum).toEqual([...ERROR_CODES]);
    expect(code.enum).toEqual(expect.arrayContaining(["insufficient_stock", "invalid_signature", "validation_error"]));
  });

  it("leaves the local-only development routes out of the production document", async () => {
    const { ops } = await operations();
    expect(ops.filter((o) => o.path.includes("/dev/") || o.op.tags?.some((t) => t.startsWith("Development")))).toEqual([]);
    const { doc } = await operations();
    expect(JSON.stringify(doc)).not.toMatch(/\/dev\/|PaymentSimulation|SimulatePayment/);
  });
});
