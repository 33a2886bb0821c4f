import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import type { AppEnv, Env } from "../env";
import { rateLimited } from "../lib/errors";
import { log } from "../lib/log";

/** Every `[[ratelimits]]` binding in wrangler.toml uses this period; Retry-After tells clients to wait one. */
const RATE_LIMIT_PERIOD_SECONDS = 60;

export type LimiterName = {
  [K in keyof Env]-?: Env[K] extends RateLimit | undefined ? K : never;
}[keyof Env];

/**
 * Counts one use of `key` on a Workers Rate Limiting binding; over the limit is a 429 `rate_limited`
 * with Retry-After. A missing or failing binding lets the request through (logged): a limiter
 * outage must not take sign-in or checkout down with it.
 */
export async function enforceLimit(c: Context<AppEnv>, name: LimiterName, key: string): Promise<void> {
  const limiter = c.env[name];
  let allowed = true;
  try {
    if (limiter) allowed = (await limiter.limit({ key })).success;
  } catch (err) {
    log("warn", "rate_limit.unavailable", { limiter: name, error: String(err) });
  }
  if (!allowed) {
    log("info", "rate_limit.refused", { request_id: c.get("requestId"), limiter: name });
    throw rateLimited("Too many requests; try again later", RATE_LIMIT_PERIOD_SECONDS);
  }
}

export interface LimitRule {
  limiter: LimiterName;
  /** The counter's key for this request; undefined skips the rule (e.g. no email in the body). */
  key: (c: Context<AppEnv>, body: Record<string, unknown>) => Promise<string | undefined> | string | undefined;
}

/** A JSON body as a plain object, read once through Hono's body cache so the route's validator still sees it. */
async function bodyOf(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  if (!(c.req.header("Content-Type") ?? "").includes("json")) return {};
  try {
    const parsed: unknown = JSON.parse(await c.req.text());
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Middleware applying `rules` in order; the first one over its limit answers 429. */
export function limitBy(...rules: LimitRule[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const body = await bodyOf(c);
    for (const rule of rules) {
      const key = await rule.key(c, body);
      if (key !== undefined) await enforceLimit(c, rule.limiter, key);
    }
    await next();
  });
}
