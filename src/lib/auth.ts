import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { verifyAccessToken } from "./access-token";
import type { AppEnv, Principal, Role } from "../env";
import { forbidden, unauthenticated } from "./errors";

export const ACCESS_COOKIE = "access_token";
export const REFRESH_COOKIE = "refresh_token";

/** Reads a Bearer header or, in browser cookie mode, the access cookie. A bad token is a 401 everywhere. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization");
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1] ?? getCookie(c, ACCESS_COOKIE);
  c.set("principal", token ? await verifyAccessToken(c.env, token) : undefined);
  await next();
});

/** Route guard: authenticated, and (when roles are given) holding one of them. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get("principal");
    if (!principal) throw unauthenticated();
    if (roles.length > 0 && !roles.includes(principal.role)) throw forbidden();
    await next();
  });
}

export const requireAuth = requireRole();

/** The principal of a route behind a guard; a missing one is a wiring bug. */
export function principalOf(c: { get(key: "principal"): Principal | undefined }): Principal {
  const principal = c.get("principal");
  if (!principal) throw unauthenticated();
  return principal;
}
