import { describe, expect, it } from "vitest";
import { api, expectError, json } from "./helpers";
import { registerCustomer } from "./factories";

describe("app shell", () => {
  it("serves /health with a D1 check and a request id", async () => {
    const res = await api("/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Request-Id")).toBeTruthy();
    expect(await json(res)).toMatchObject({ status: "ok", checks: { database: "ok" } });
  });

  it("sets secure headers", async () => {
    const res = await api("/health");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Strict-Transport-Security")).toContain("max-age");
  });

  it("answers unknown routes with a JSON 404 and known paths with a JSON 405", async () => {
    await expectError(await api("/nope"), 404, "not_found");
    const res = await api("/auth/login", { method: "GET" });
    await expectError(res, 405, "method_not_allowed");
    expect(res.headers.get("Allow")).toContain("POST");
  });

  it("serves an OpenAPI 3.1 document and the docs UI", async () => {
    const res = await api("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/auth/login", "/api/v1/auth/refresh"]));
    const ui = await api("/api/docs");
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain("swagger");
  });

  it("answers malformed JSON with 400 validation_error", async () => {
    const res = await api("/auth/login", { body: "{not json", headers: { "Content-Type": "application/json" } });
    await expectError(res, 400, "validation_error");
  });

  it("lists each missing or wrong-typed field", async () => {
    const res = await api("/auth/register", { body: { email: 42, name: "x" } });
    const error = await expectError(res, 400, "validation_error");
    const fields = error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["email", "password"]));
  });

  it("refuses a body that is not JSON with 415", async () => {
    const res = await api("/auth/login", { body: "email=a", headers: { "Content-Type": "text/plain" } });
    await expectError(res, 415, "unsupported_media_type");
  });

  it("refuses a body over the size cap with 413", async () => {
    const res = await api("/auth/login", { body: { email: "a@b.co", password: "x".repeat(2_000_000) } });
    await expectError(res, 413, "payload_too_large");
  });

  it("allows CORS only from configured origins", async () => {
    const ok = await api("/health", { headers: { Origin: "http://localhost:5173" } });
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:5173");
    const other = await api("/health", { headers: { Origin: "https://evil.example" } });
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("registers a customer", async () => {
    const { token } = await registerCustomer();
    expect(token).toBeTruthy();
  });
});
