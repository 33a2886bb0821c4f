import { describe, expect, it } from "vitest";
import { api, awayFromWindowEdge, expectError, json, randomClientIp } from "../helpers";
import { registerCustomer, STRONG_PASSWORD, uniqueEmail, userWithRole } from "../factories";

const from = (ip: string) => ({ "CF-Connecting-IP": ip });

async function login(email: string, password: string, ip: string) {
  return api("/auth/login", { body: { email, password }, headers: from(ip) });
}

/** Sends `n` requests one after another and returns their statuses. */
async function statuses(n: number, send: (i: number) => Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await send(i);
    out.push(res.status);
    if (res.status === 429) {
      expect(res.headers.get("Retry-After")).toBe("60");
      const body = await json(res);
      expect(body.error.code).toBe("rate_limited");
    } else await res.body?.cancel();
  }
  return out;
}

describe("sign-in throttling", () => {
  it("100 wrong passwords for one account from one client hit 429; the owner still signs in from elsewhere", async () => {
    const owner = await registerCustomer();
    const attacker = randomClientIp();
    await awayFromWindowEdge();
    const seen = await statuses(100, () => login(owner.email, "wrong-password-123", attacker));
    expect(seen.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(seen.slice(10).every((s) => s === 429)).toBe(true);
    // The right password from the attacker's client is refused too: the counter is not reset by success.
    await expectError(await login(owner.email, STRONG_PASSWORD, attacker), 429, "rate_limited");

    const res = await login(owner.email, STRONG_PASSWORD, randomClientIp());
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store"); // the body carries tokens
  }, 120_000);

  it("logins to 100 accounts from one client hit 429; each owner still signs in from their own client", async () => {
    const victim = await registerCustomer();
    const sprayer = randomClientIp();
    await awayFromWindowEdge();
    const seen = await statuses(100, (i) => login(i === 99 ? victim.email : uniqueEmail("spray"), "Velvet-Harbor-2026?", sprayer));
    expect(seen.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(seen.slice(30).every((s) => s === 429)).toBe(true);
    expect((await login(victim.email, STRONG_PASSWORD, randomClientIp())).status).toBe(200);
  }, 120_000);

  it("treats every address of one IPv6 /64 as one client", async () => {
    const owner = await registerCustomer();
    await awayFromWindowEdge();
    const seen = await statuses(12, (i) => login(owner.email, "wrong-password-123", `2001:db8:aa:bb::${(i + 1).toString(16)}`));
    expect(seen.slice(10)).toEqual([429, 429]);
  }, 60_000);
});

describe("message pumping and sign-ups", () => {
  it("limits OTP requests per client across phones, and per phone across clients", async () => {
    const pumper = randomClientIp();
    await awayFromWindowEdge();
    const phones = Array.from({ length: 8 }, (_, i) => `+62812000${String(Date.now()).slice(-4)}${i}`);
    const seen = await statuses(8, (i) => api("/auth/otp/request", { body: { phone: phones[i] }, headers: from(pumper) }));
    expect(seen).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);

    const phone = `+62813${String(Date.now()).slice(-7)}`;
    const spread = await statuses(4, () => api("/auth/otp/request", { body: { phone }, headers: from(randomClientIp()) }));
    expect(spread).toEqual([202, 202, 202, 429]);
  });

  it("limits registrations and password-forgot requests per client", async () => {
    const client = randomClientIp();
    await awayFromWindowEdge();
    const registered = await statuses(6, () =>
      api("/auth/register", { body: { email: uniqueEmail("reg"), password: STRONG_PASSWORD, name: "Reg" }, headers: from(client) }),
    );
    expect(registered).toEqual([201, 201, 201, 201, 201, 429]);
    const forgot = await statuses(6, () => api("/auth/password/forgot", { body: { email: uniqueEmail("f") }, headers: from(client) }));
    expect(forgot).toEqual([202, 202, 202, 202, 202, 429]);
  });
});

describe("checkout, payments and exports", () => {
  it("limits report exports per user, whatever client they come from", async () => {
    const staff = await userWithRole("staff");
    const other = await userWithRole("staff");
    await awayFromWindowEdge();
    const body = { report: "sales", format: "csv", from: "2044-01-01", to: "2044-01-31" };
    const seen = await statuses(11, () => api("/admin/reports/exports", { token: staff.token, body }));
    expect(seen).toEqual([...Array(10).fill(202), 429]);
    expect((await api("/admin/reports/exports", { token: other.token, body })).status).toBe(202);
  });

  it("limits checkouts and payment creations per client", async () => {
    const client = randomClientIp();
    await awayFromWindowEdge();
    // Validation runs after the limiter, so empty bodies count and cost nothing.
    const orders = await statuses(11, () => api("/orders", { body: {}, headers: from(client) }));
    expect(orders).toEqual([...Array(10).fill(400), 429]);
    const payments = await statuses(11, () => api("/payments", { body: {}, headers: from(client) }));
    expect(payments).toEqual([...Array(10).fill(400), 429]);
  });
});
