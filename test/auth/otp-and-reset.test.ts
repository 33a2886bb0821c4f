import { describe, expect, it } from "vitest";
import { api, expectError, json, waitForOutbox } from "../helpers";
import { registerCustomer, userWithRole } from "../factories";

const codeIn = (text: string) => text.match(/\b(\d{6})\b/)?.[1] ?? "";

describe("phone OTP login", () => {
  it("delivers the code to the outbox, never in the response, and signs up a customer", async () => {
    const admin = await userWithRole("admin");
    const phone = "+6281200000001";
    const res = await api("/auth/otp/request", { body: { phone } });
    expect(res.status).toBe(202);
    expect(JSON.stringify(await json(res))).not.toMatch(/\d{6}/);

    const email = await waitForOutbox(admin.token, phone, "otp_code");
    const code = codeIn(email.text);
    expect(code).toHaveLength(6);

    const verified = await api("/auth/otp/verify", { body: { phone, code } });
    expect(verified.status).toBe(200);
    const session = await json(verified);
    expect(session.user).toMatchObject({ phone, role: "customer" });
    // The code is single-use.
    await expectError(await api("/auth/otp/verify", { body: { phone, code } }), 401, "invalid_otp");
  });

  it("burns the code after five wrong attempts", async () => {
    const admin = await userWithRole("admin");
    const phone = "+6281200000002";
    await api("/auth/otp/request", { body: { phone } });
    const code = codeIn((await waitForOutbox(admin.token, phone, "otp_code")).text);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      await expectError(await api("/auth/otp/verify", { body: { phone, code: wrong } }), 401, "invalid_otp");
    }
    await expectError(await api("/auth/otp/verify", { body: { phone, code } }), 429, "otp_attempts_exceeded");
  });

  it("rate-limits requests per phone", async () => {
    const phone = "+6281200000003";
    for (let i = 0; i < 3; i++) expect((await api("/auth/otp/request", { body: { phone } })).status).toBe(202);
    const limited = await expectError(await api("/auth/otp/request", { body: { phone } }), 429, "rate_limited");
    expect(limited.details.retry_after_seconds).toBeGreaterThan(0);
    expect((await api("/auth/otp/request", { body: { phone: "+6281200000004" } })).status).toBe(202);
  });

  it("validates the phone and the code's shape", async () => {
    await expectError(await api("/auth/otp/request", { body: { phone: "12345" } }), 400, "validation_error");
    await expectError(await api("/auth/otp/verify", { body: { phone: "+6281200000005", code: "12ab56" } }), 400, "validation_error");
  });
});

describe("password forgot / reset / change", () => {
  it("resets with a single-use token and signs out old sessions", async () => {
    const admin = await userWithRole("admin");
    const customer = await registerCustomer();
    expect((await api("/auth/password/forgot", { body: { email: customer.email } })).status).toBe(202);
    const mail = await waitForOutbox(admin.token, customer.email, "password_reset");
    const token = mail.text.match(/token to choose a new password within one hour: (\S+)/)?.[1];
    expect(token).toBeTruthy();

    const newPassword = "Lantern-Orchid-7781";
    expect((await api("/auth/password/reset", { body: { token, new_password: newPassword } })).status).toBe(204);
    await expectError(await api("/auth/password/reset", { body: { token, new_password: "Another-Pass-9912" } }), 400, "invalid_reset_token");
    await expectError(await api("/auth/refresh", { body: { refresh_token: customer.refresh } }), 401, "unauthenticated");
    expect((await api("/auth/login", { body: { email: customer.email, password: newPassword } })).status).toBe(200);
  });

  it("still accepts the deprecated `password` name on reset, and asks for new_password when neither is sent", async () => {
    const admin = await userWithRole("admin");
    const customer = await registerCustomer();
    await api("/auth/password/forgot", { body: { email: customer.email } });
    const mail = await waitForOutbox(admin.token, customer.email, "password_reset");
    const token = mail.text.match(/token to choose a new password within one hour: (\S+)/)?.[1];

    const missing = await expectError(await api("/auth/password/reset", { body: { token } }), 400, "validation_error");
    expect(missing.details.fields).toEqual([expect.objectContaining({ field: "new_password", message: "Required" })]);
    const both = await expectError(await api("/auth/password/reset", { body: { token, new_password: "Lantern-Orchid-7781", password: "Other-Orchid-7781" } }), 400, "validation_error");
    expect(both.details.fields).toEqual([expect.objectContaining({ field: "password" })]);

    expect((await api("/auth/password/reset", { body: { token, password: "Lantern-Orchid-7781" } })).status).toBe(204);
    expect((await api("/auth/login", { body: { email: customer.email, password: "Lantern-Orchid-7781" } })).status).toBe(200);
    const doc = await json(await api("/api/openapi.json"));
    expect(doc.components.schemas.ResetPassword.properties.password.deprecated).toBe(true);
  });

  it("answers 202 for an unknown email and sends nothing", async () => {
    const admin = await userWithRole("admin");
    const ghost = "nobody-here@example.com";
    expect((await api("/auth/password/forgot", { body: { email: ghost } })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 1500));
    const box = await json(await api(`/admin/outbox?to=${ghost}`, { token: admin.token }));
    expect(box.data).toHaveLength(0);
  });

  it("changes the password with the current one", async () => {
    const customer = await registerCustomer();
    const wrong = await api("/auth/password/change", {
      token: customer.token,
      body: { current_password: "not-my-password-1", new_password: "Copper-Meadow-5521" },
    });
    await expectError(wrong, 400, "invalid_credentials");
    const ok = await api("/auth/password/change", {
      token: customer.token,
      body: { current_password: "Velvet-Harbor-2026!", new_password: "Copper-Meadow-5521" },
    });
    expect(ok.status).toBe(204);
    expect((await api("/auth/login", { body: { email: customer.email, password: "Copper-Meadow-5521" } })).status).toBe(200);
  });
});

describe("cookie mode", () => {
  it("sets HttpOnly Secure SameSite cookies and authenticates with them", async () => {
    const customer = await registerCustomer();
    const res = await api("/auth/login", {
      headers: { "X-Auth-Mode": "cookie" },
      body: { email: customer.email, password: "Velvet-Harbor-2026!" },
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.access_token).toBeUndefined();
    const cookies = res.headers.getSetCookie();
    const access = cookies.find((c) => c.startsWith("access_token="))!;
    const refresh = cookies.find((c) => c.startsWith("refresh_token="))!;
    for (const cookie of [access, refresh]) {
      expect(cookie).toContain("HttpOnly");
      expect(cookie).toContain("Secure");
      expect(cookie).toContain("SameSite=Strict");
    }
    const me = await api("/auth/me", { headers: { Cookie: access.split(";")[0]! } });
    expect(me.status).toBe(200);
    const rotated = await api("/auth/refresh", {
      headers: { Cookie: refresh.split(";")[0]!, "X-Auth-Mode": "cookie" },
      body: {},
    });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.getSetCookie().some((c) => c.startsWith("refresh_token="))).toBe(true);
  });
});
