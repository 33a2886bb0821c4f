import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "../lib/auth";
import { intVar } from "../lib/config";
import type { Session } from "./service";

const REFRESH_COOKIE_PATH = "/api/v1/auth";

const isCookieMode = (c: Context<AppEnv>) => c.req.header("X-Auth-Mode")?.toLowerCase() === "cookie";

/**
 * The session as the client asked for it: tokens in the body, or (cookie mode, for browsers)
 * as HttpOnly cookies that page scripts cannot read, with the body carrying only the user.
 */
export function sessionBody(c: Context<AppEnv>, session: Session) {
  const base = { user: session.user, token_type: "Bearer" as const, expires_in: session.expiresIn };
  if (!isCookieMode(c)) return { ...base, access_token: session.accessToken, refresh_token: session.refreshToken };
  const common = { httpOnly: true, secure: true, sameSite: "Strict" } as const;
  setCookie(c, ACCESS_COOKIE, session.accessToken, { ...common, path: "/", maxAge: session.expiresIn });
  setCookie(c, REFRESH_COOKIE, session.refreshToken, {
    ...common,
    path: REFRESH_COOKIE_PATH,
    maxAge: intVar(c.env, "REFRESH_TOKEN_TTL_SECONDS"),
  });
  return base;
}

export function presentedRefreshToken(c: Context<AppEnv>, fromBody: string | undefined): string | undefined {
  return fromBody ?? getCookie(c, REFRESH_COOKIE);
}

export function clearSessionCookies(c: Context<AppEnv>) {
  deleteCookie(c, ACCESS_COOKIE, { path: "/", secure: true });
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, secure: true });
}
