import { and, count, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { otpCodes } from "../db/schema";
import type { DbDeps, Env } from "../env";
import { hmacSha256Hex, randomDigits, timingSafeEqual } from "../lib/crypto";
import { AppError, rateLimited } from "../lib/errors";
import { newId } from "../lib/ids";
import { queueEmail } from "../notifications/service";
import { otpEmail } from "../notifications/templates";
import { findUserByPhone, insertUser, type UserRow } from "../users/service";

const OTP_TTL_MS = 5 * 60 * 1000;
const OTP_MAX_ATTEMPTS = 5;
const OTP_MAX_PER_WINDOW = 3;
const OTP_WINDOW_MS = 15 * 60 * 1000;

/** Keyed hash: a six-digit space is trivial to brute-force from a plain hash if the table leaks. */
const hashCode = (env: Env, phone: string, code: string) => hmacSha256Hex(env.JWT_SECRET ?? "", `${phone}:${code}`);

export async function requestOtp(deps: DbDeps, phone: string): Promise<void> {
  const { env, db } = deps;
  const since = Date.now() - OTP_WINDOW_MS;
  const [recent] = await db
    .select({ n: count() })
    .from(otpCodes)
    .where(and(eq(otpCodes.phone, phone), gt(otpCodes.createdAt, since)));
  if ((recent?.n ?? 0) >= OTP_MAX_PER_WINDOW) {
    throw rateLimited("Too many codes requested for this phone; try again later", OTP_WINDOW_MS / 1000);
  }
  const code = randomDigits(6);
  const id = newId();
  await db.insert(otpCodes).values({
    id,
    phone,
    codeHash: await hashCode(env, phone, code),
    expiresAt: Date.now() + OTP_TTL_MS,
  });
  await queueEmail(env, otpEmail(env.APP_NAME, phone, code, id));
}

const invalidCode = () => new AppError(401, "invalid_otp", "The code is wrong or has expired");

/** Checks and consumes the newest live code for the phone (proof that the caller holds it); five wrong tries burn it. */
export async function consumeOtp(deps: DbDeps, phone: string, code: string): Promise<void> {
  const { env, db } = deps;
  const now = Date.now();
  const live = await db.query.otpCodes.findFirst({
    where: and(eq(otpCodes.phone, phone), isNull(otpCodes.consumedAt), gt(otpCodes.expiresAt, now)),
    orderBy: desc(otpCodes.createdAt),
  });
  if (!live) throw invalidCode();
  // Count the attempt before comparing, conditionally, so parallel guesses cannot exceed the limit.
  const counted = await db
    .update(otpCodes)
    .set({ attempts: sql`${otpCodes.attempts} + 1` })
    .where(and(eq(otpCodes.id, live.id), lt(otpCodes.attempts, OTP_MAX_ATTEMPTS), isNull(otpCodes.consumedAt)))
    .returning({ attempts: otpCodes.attempts });
  if (counted.length === 0) {
    throw new AppError(429, "otp_attempts_exceeded", "Too many wrong codes; request a new one");
  }
  const expected = new TextEncoder().encode(live.codeHash);
  const actual = new TextEncoder().encode(await hashCode(env, phone, code));
  if (!timingSafeEqual(expected, actual)) throw invalidCode();
  const consumed = await db
    .update(otpCodes)
    .set({ consumedAt: now })
    .where(and(eq(otpCodes.id, live.id), isNull(otpCodes.consumedAt)))
    .returning({ id: otpCodes.id });
  if (consumed.length === 0) throw invalidCode();
}

/**
 * Sign-in by code: the account whose verified phone this is, else a new customer. A number only
 * claimed (pending) on some account never matches, so claiming a stranger's phone gains nothing.
 */
export async function verifyOtp(deps: DbDeps, phone: string, code: string): Promise<UserRow> {
  await consumeOtp(deps, phone, code);
  const existing = await findUserByPhone(deps, phone);
  if (existing) {
    if (!existing.isActive) throw new AppError(403, "account_disabled", "This account is disabled");
    return existing;
  }
  return insertUser(deps, { phone, name: "", role: "customer" });
}
