import type { Env } from "../env";

/**
 * Local-only tools (payment sandboxes, the simulate route). Both switches are needed: PAYMENT_SANDBOX is set
 * only by .dev.vars, and APP_ENV is "production" in wrangler.toml, so a deploy cannot turn them on by accident.
 */
export function devToolsEnabled(env: Env): boolean {
  return env.PAYMENT_SANDBOX === "true" && env.APP_ENV === "development";
}
