import { jwtVerify, SignJWT } from "jose";
import type { Env, Principal, Role } from "../env";
import { ROLES } from "../env";
import { intVar } from "./config";
import { unauthenticated } from "./errors";

const ALGORITHM = "HS256";

function secretKey(env: Env): Uint8Array {
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) {
    throw new Error("JWT_SECRET is missing or shorter than 32 characters (set it in .dev.vars or with wrangler secret)");
  }
  return new TextEncoder().encode(env.JWT_SECRET);
}

export interface AccessToken {
  token: string;
  expiresIn: number;
}

export async function signAccessToken(env: Env, principal: Principal): Promise<AccessToken> {
  const expiresIn = intVar(env, "ACCESS_TOKEN_TTL_SECONDS");
  const token = await new SignJWT({ role: principal.role, store_id: principal.storeId })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(principal.id)
    .setIssuer(env.JWT_ISSUER)
    .setAudience(env.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${expiresIn}s`)
    .sign(secretKey(env));
  return { token, expiresIn };
}

/** Verifies signature, algorithm (HS256 only, so `alg: none` fails), issuer, audience and expiry. */
export async function verifyAccessToken(env: Env, token: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, secretKey(env), {
      algorithms: [ALGORITHM],
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      requiredClaims: ["sub", "exp", "role"],
    });
    const role = payload.role as Role;
    if (!payload.sub || !ROLES.includes(role)) throw new Error("bad claims");
    const storeId = typeof payload.store_id === "string" ? payload.store_id : null;
    return { id: payload.sub, role, storeId };
  } catch {
    throw unauthenticated("Invalid or expired access token");
  }
}
