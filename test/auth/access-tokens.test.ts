import { env } from "cloudflare:workers";
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { api, expectError } from "../helpers";
import { registerCustomer, userWithRole } from "../factories";

const key = () => new TextEncoder().encode(env.JWT_SECRET);

function claims(sub: string) {
  return new SignJWT({ role: "admin", store_id: null })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setIssuer(env.JWT_ISSUER)
    .setAudience(env.JWT_AUDIENCE)
    .setIssuedAt();
}

describe("access tokens", () => {
  it("rejects a tampered token", async () => {
    const { token } = await registerCustomer();
    const [header, payload, signature] = token.split(".");
    const forged = JSON.parse(atob(payload!.replace(/-/g, "+").replace(/_/g, "/")));
    forged.role = "admin";
    const forgedPayload = btoa(JSON.stringify(forged)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    await expectError(await api("/admin/users", { token: `${header}.${forgedPayload}.${signature}` }), 401, "unauthenticated");
  });

  it("rejects an expired token", async () => {
    const expired = await claims("someone").setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key());
    await expectError(await api("/auth/me", { token: expired }), 401, "unauthenticated");
  });

  it("rejects alg: none", async () => {
    const unsigned = new UnsecuredJWT({ role: "admin" })
      .setSubject("someone")
      .setIssuer(env.JWT_ISSUER)
      .setAudience(env.JWT_AUDIENCE)
      .setExpirationTime("5m")
      .encode();
    await expectError(await api("/admin/users", { token: unsigned }), 401, "unauthenticated");
  });

  it("rejects a token signed with another key or for another audience", async () => {
    const otherKey = await claims("someone").setExpirationTime("5m").sign(new TextEncoder().encode("x".repeat(40)));
    await expectError(await api("/auth/me", { token: otherKey }), 401, "unauthenticated");
    const otherAudience = await claims("someone").setAudience("elsewhere").setExpirationTime("5m").sign(key());
    await expectError(await api("/auth/me", { token: otherAudience }), 401, "unauthenticated");
  });

  it("carries iss, aud, exp, sub and role", async () => {
    const { token, userId } = await registerCustomer();
    const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    expect(payload).toMatchObject({ sub: userId, role: "customer", iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE });
    expect(payload.exp - payload.iat).toBe(Number(env.ACCESS_TOKEN_TTL_SECONDS));
  });
});

describe("role guards", () => {
  it("401 without a token, 403 for a customer on an admin route, 200 for an admin", async () => {
    await expectError(await api("/admin/users"), 401, "unauthenticated");
    const customer = await registerCustomer();
    await expectError(await api("/admin/users", { token: customer.token }), 403, "forbidden");
    const staff = await userWithRole("staff");
    await expectError(await api("/admin/users", { token: staff.token }), 403, "forbidden");
    const admin = await userWithRole("admin");
    expect((await api("/admin/users", { token: admin.token })).status).toBe(200);
  });
});
