import { describe, expect, it, vi } from "vitest";
import { api, expectError, json, waitForOutbox } from "../helpers";
import { registerCustomer, STRONG_PASSWORD, uniqueEmail, userWithRole } from "../factories";

const codeIn = (text: string) => text.match(/\b(\d{6})\b/)?.[1] ?? "";
let n = 0;
const freshPhone = () => `+62857${String(Date.now()).slice(-6)}${++n % 10}`;

const outboxCount = async (adminToken: string, phone: string) =>
  ((await json(await api(`/admin/outbox?to=${encodeURIComponent(phone)}&template=otp_code`, { token: adminToken }))).data as unknown[]).length;

/** Runs `send`, then reads the code it made the queue deliver (not an earlier one to the same phone). */
async function newCode(adminToken: string, phone: string, send: () => Promise<unknown>): Promise<string> {
  const before = await outboxCount(adminToken, phone);
  await send();
  await vi.waitFor(async () => expect(await outboxCount(adminToken, phone)).toBeGreaterThan(before), { timeout: 10_000, interval: 100 });
  return codeIn((await waitForOutbox(adminToken, phone, "otp_code")).text);
}

/** Signs in by OTP as the phone's real holder (who reads the code from their SMS, here the outbox). */
async function otpSignIn(adminToken: string, phone: string) {
  const code = await newCode(adminToken, phone, async () => expect((await api("/auth/otp/request", { body: { phone } })).status).toBe(202));
  const res = await api("/auth/otp/verify", { body: { phone, code } });
  expect(res.status).toBe(200);
  return json(res);
}

describe("phone ownership", () => {
  it("a phone given at registration stays pending and never signs its real holder into that account", async () => {
    const admin = await userWithRole("admin");
    const phone = freshPhone();
    const res = await api("/auth/register", {
      body: { email: uniqueEmail("squatter"), password: STRONG_PASSWORD, name: "Squatter", phone },
    });
    expect(res.status).toBe(201);
    const attacker = await json(res);
    expect(attacker.user).toMatchObject({ phone: null, pending_phone: phone });

    const owner = await otpSignIn(admin.token, phone);
    expect(owner.user.id).not.toBe(attacker.user.id);
    expect(owner.user.phone).toBe(phone);
  });

  it("PATCH /auth/me only claims a phone; the claim is attached after the code sent to it is verified", async () => {
    const admin = await userWithRole("admin");
    const attacker = await registerCustomer();
    const victimPhone = freshPhone();
    const patched = await json(await api("/auth/me", { method: "PATCH", token: attacker.token, body: { phone: victimPhone } }));
    expect(patched).toMatchObject({ phone: null, pending_phone: victimPhone });
    // Without the code (which went to the victim's phone) the claim cannot be completed.
    await expectError(await api("/auth/me/phone/verify", { token: attacker.token, body: { code: "123456" } }), 401, "invalid_otp");
    const victim = await otpSignIn(admin.token, victimPhone);
    expect(victim.user.id).not.toBe(attacker.userId);

    // A customer claiming their own phone reads the code and verifies it.
    const customer = await registerCustomer();
    const phone = freshPhone();
    const code = await newCode(admin.token, phone, () => api("/auth/me", { method: "PATCH", token: customer.token, body: { phone } }));
    const verified = await json(await api("/auth/me/phone/verify", { token: customer.token, body: { code } }));
    expect(verified).toMatchObject({ id: customer.userId, phone, pending_phone: null });
    expect((await otpSignIn(admin.token, phone)).user.id).toBe(customer.userId);

    // The victim's verified phone cannot be taken over by verifying it on another account.
    const stolen = await newCode(admin.token, victimPhone, () =>
      api("/auth/me", { method: "PATCH", token: customer.token, body: { phone: victimPhone } }),
    );
    await expectError(await api("/auth/me/phone/verify", { token: customer.token, body: { code: stolen } }), 409, "conflict");
    await expectError(await api("/auth/me/phone/verify", { token: attacker.token, body: { code: "123456" } }), 401, "invalid_otp");
  });

  it("removes the phone with null, and refuses a verify with nothing pending", async () => {
    const customer = await registerCustomer();
    await expectError(await api("/auth/me/phone/verify", { token: customer.token, body: { code: "123456" } }), 409, "no_pending_phone");
    await api("/auth/me", { method: "PATCH", token: customer.token, body: { phone: freshPhone() } });
    const cleared = await json(await api("/auth/me", { method: "PATCH", token: customer.token, body: { phone: null } }));
    expect(cleared).toMatchObject({ phone: null, pending_phone: null });
  });
});
