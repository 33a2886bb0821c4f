import { describe, expect, it } from "vitest";
import { api, expectError, json } from "../helpers";
import { registerCustomer, STRONG_PASSWORD, uniqueEmail } from "../factories";

describe("register → login → me → refresh", () => {
  it("walks the whole flow", async () => {
    const email = uniqueEmail();
    const reg = await api("/auth/register", { body: { email, password: STRONG_PASSWORD, name: "Sari Wulandari" } });
    expect(reg.status).toBe(201);
    const registered = await json(reg);
    expect(registered).toMatchObject({ token_type: "Bearer", user: { email, role: "customer" } });
    expect(registered.user.password_hash).toBeUndefined();

    const login = await api("/auth/login", { body: { email: email.toUpperCase(), password: STRONG_PASSWORD } });
    expect(login.status).toBe(200);
    const session = await json(login);

    const me = await api("/auth/me", { token: session.access_token });
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ email, name: "Sari Wulandari", role: "customer" });

    const refreshed = await api("/auth/refresh", { body: { refresh_token: session.refresh_token } });
    expect(refreshed.status).toBe(200);
    const pair = await json(refreshed);
    expect(pair.refresh_token).not.toBe(session.refresh_token);
    expect((await api("/auth/me", { token: pair.access_token })).status).toBe(200);
  });

  it("refuses a duplicate email with 409", async () => {
    const { email } = await registerCustomer();
    const res = await api("/auth/register", { body: { email, password: STRONG_PASSWORD, name: "Again" } });
    await expectError(res, 409, "conflict");
  });

  it.each([
    ["too short", "Sh0rt!"],
    ["too common", "password123"],
    ["too repetitive", "aaaaaaaaaaaa"],
    ["like the email", "budi.santoso-2026"],
  ])("refuses a password that is %s", async (_why, password) => {
    const res = await api("/auth/register", {
      body: { email: "budi.santoso@example.com", password, name: "Budi Santoso" },
    });
    const error = await expectError(res, 400, "validation_error");
    expect(error.details.fields[0]).toMatchObject({ field: "password", code: "weak_password" });
  });

  it("answers a wrong password and an unknown email alike", async () => {
    const { email } = await registerCustomer();
    await expectError(await api("/auth/login", { body: { email, password: "Wrong-Password-99" } }), 401, "invalid_credentials");
    await expectError(
      await api("/auth/login", { body: { email: uniqueEmail("ghost"), password: STRONG_PASSWORD } }),
      401,
      "invalid_credentials",
    );
  });

  it("updates the caller's own profile", async () => {
    const { token } = await registerCustomer();
    const res = await api("/auth/me", { method: "PATCH", token, body: { name: "New Name", phone: "+6281234500001" } });
    expect(res.status).toBe(200);
    // The phone is only claimed until a code sent to it is verified (test/security/phone-ownership.test.ts).
    expect(await json(res)).toMatchObject({ name: "New Name", phone: null, pending_phone: "+6281234500001" });
    const bad = await api("/auth/me", { method: "PATCH", token, body: { phone: "0812" } });
    await expectError(bad, 400, "validation_error");
  });
});

describe("refresh tokens rotate", () => {
  it("revokes the whole family when a rotated token is reused", async () => {
    const { refresh } = await registerCustomer();
    const first = await json(await api("/auth/refresh", { body: { refresh_token: refresh } }));
    const reuse = await api("/auth/refresh", { body: { refresh_token: refresh } });
    await expectError(reuse, 401, "unauthenticated");
    // The legitimate successor is revoked too: the thief and the owner must both sign in again.
    await expectError(await api("/auth/refresh", { body: { refresh_token: first.refresh_token } }), 401, "unauthenticated");
  });

  it("lets only one of two concurrent uses rotate", async () => {
    const { refresh } = await registerCustomer();
    const results = await Promise.all([1, 2].map(() => api("/auth/refresh", { body: { refresh_token: refresh } })));
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(results.some((r) => r.status === 401)).toBe(true);
  });

  it("refuses garbage and logs out", async () => {
    const { refresh } = await registerCustomer();
    await expectError(await api("/auth/refresh", { body: { refresh_token: "nope.nope" } }), 401, "unauthenticated");
    expect((await api("/auth/logout", { body: { refresh_token: refresh } })).status).toBe(204);
    await expectError(await api("/auth/refresh", { body: { refresh_token: refresh } }), 401, "unauthenticated");
  });
});
