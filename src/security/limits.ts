import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { clientKey } from "./client-key";
import { type LimitRule, limitBy } from "./rate-limit";

const perClient = (limiter: LimitRule["limiter"], action: string): LimitRule => ({
  limiter,
  key: async (c) => `${action}:${await clientKey(c)}`,
});

/** A body field, trimmed and lower-cased as the route's schema will see it; skipped when absent. */
const perField = (limiter: LimitRule["limiter"], action: string, field: string, withClient = false): LimitRule => ({
  limiter,
  key: async (c, body) => {
    const value = body[field];
    if (typeof value !== "string" || !value.trim()) return undefined;
    const subject = value.trim().toLowerCase();
    return withClient ? `${action}:${subject}:${await clientKey(c)}` : `${action}:${subject}`;
  },
});

const perUser = (limiter: LimitRule["limiter"], action: string): LimitRule => ({
  limiter,
  key: async (c) => `${action}:${c.get("principal")?.id ?? (await clientKey(c))}`,
});

const phoneClaims: LimitRule = {
  limiter: "RL_MESSAGES_CLIENT",
  key: (c, body) => (typeof body.phone === "string" ? `phone-claim:${c.get("principal")?.id ?? ""}` : undefined),
};

/**
 * Which requests count against which limiter (the limits themselves are the `[[ratelimits]]` in
 * wrangler.toml; docs/ABUSE.md explains them). Sign-in attempts count per client and per
 * (account, client), never per account alone, so a stranger cannot lock an owner out.
 * Guest cart creation is limited where a cart is created (cart/routes.ts).
 */
export function mountRateLimits(app: OpenAPIHono<AppEnv>, base: string) {
  const on = (method: string, path: string, ...rules: LimitRule[]) => {
    const limit = limitBy(...rules);
    app.use(`${base}${path}`, (c, next) => (c.req.method === method ? limit(c, next) : next()));
  };
  on("POST", "/auth/login", perClient("RL_SIGNIN_CLIENT", "login"), perField("RL_SIGNIN_ACCOUNT", "login", "email", true));
  on("POST", "/auth/otp/verify", perClient("RL_SIGNIN_CLIENT", "otp-verify"), perField("RL_SIGNIN_ACCOUNT", "otp-verify", "phone", true));
  on("POST", "/auth/register", perClient("RL_SIGNUP", "register"));
  on("POST", "/auth/otp/request", perClient("RL_MESSAGES_CLIENT", "otp"), perField("RL_MESSAGES_RECIPIENT", "otp", "phone"));
  on("POST", "/auth/password/forgot", perClient("RL_MESSAGES_CLIENT", "forgot"), perField("RL_MESSAGES_RECIPIENT", "forgot", "email"));
  // Claiming a phone sends it a code: the same message limits, per user instead of per client.
  on("PATCH", "/auth/me", phoneClaims, perField("RL_MESSAGES_RECIPIENT", "otp", "phone"));
  on("POST", "/auth/me/phone/verify", perClient("RL_SIGNIN_CLIENT", "phone-verify"));
  on("POST", "/orders", perClient("RL_ORDERS", "checkout"));
  on("POST", "/payments", perClient("RL_ORDERS", "payment"));
  on("POST", "/admin/reports/exports", perUser("RL_EXPORTS", "export"));
}
