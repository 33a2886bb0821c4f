import type { DbDeps } from "../env";
import { intVar } from "../lib/config";
import { isUniqueViolation } from "../lib/db-errors";
import { AppError, unauthenticated } from "../lib/errors";
import {
  assertPasswordPolicy,
  findUserByEmail,
  getUser,
  insertUser,
  setPasswordHash,
  setPendingPhoneVerified,
  toUserView,
  updateProfile,
  type UserRow,
} from "../users/service";
import { signAccessToken } from "../lib/access-token";
import { consumeOtp, requestOtp } from "./otp";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../users/password";
import { issueRefreshToken, revokeAllForUser, revokeRefreshToken, rotateRefreshToken } from "./refresh-tokens";
import type { LoginInput, RegisterInput, UpdateMeInput } from "./schemas";

export interface Session {
  user: ReturnType<typeof toUserView>;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const invalidCredentials = () => new AppError(401, "invalid_credentials", "Email or password is incorrect");

/** A new login: an access token and the first refresh token of a new family. */
export async function startSession(deps: DbDeps, user: UserRow): Promise<Session> {
  const { env } = deps;
  const access = await signAccessToken(env, { id: user.id, role: user.role, storeId: user.storeId });
  const refresh = await issueRefreshToken(deps, user.id, intVar(env, "REFRESH_TOKEN_TTL_SECONDS"));
  return { user: toUserView(user), accessToken: access.token, refreshToken: refresh.token, expiresIn: access.expiresIn };
}

export async function register(deps: DbDeps, input: RegisterInput): Promise<Session> {
  assertPasswordPolicy(input.password, input.email, input.name);
  // A phone given at sign-up is only a claim until a code sent to it is verified.
  const { phone, ...rest } = input;
  const user = await insertUser(deps, { ...rest, pendingPhone: phone ?? null, role: "customer" });
  return startSession(deps, user);
}

export async function login(deps: DbDeps, input: LoginInput): Promise<Session> {
  const user = await findUserByEmail(deps, input.email);
  // Always spend the hashing time, so a response's timing does not reveal whether the email exists.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !user.passwordHash || !ok) throw invalidCredentials();
  if (!user.isActive) throw new AppError(403, "account_disabled", "This account is disabled");
  return startSession(deps, user);
}

export async function refresh(deps: DbDeps, presented: string): Promise<Session> {
  const { env } = deps;
  const rotated = await rotateRefreshToken(deps, presented, intVar(env, "REFRESH_TOKEN_TTL_SECONDS"));
  const user = await getUser(deps, rotated.userId).catch(() => {
    throw unauthenticated("Invalid refresh token");
  });
  if (!user.isActive) throw new AppError(403, "account_disabled", "This account is disabled");
  const access = await signAccessToken(env, { id: user.id, role: user.role, storeId: user.storeId });
  return { user: toUserView(user), accessToken: access.token, refreshToken: rotated.token, expiresIn: access.expiresIn };
}

export const logout = revokeRefreshToken;

/** Changing the password signs out every other session. */
export async function changePassword(deps: DbDeps, userId: string, current: string, next: string): Promise<void> {
  const user = await getUser(deps, userId);
  if (!user.passwordHash || !(await verifyPassword(current, user.passwordHash))) {
    throw new AppError(400, "invalid_credentials", "The current password is incorrect");
  }
  assertPasswordPolicy(next, user.email, user.name);
  await setPassword(deps, user.id, next);
}

export async function setPassword(deps: DbDeps, userId: string, password: string): Promise<void> {
  await setPasswordHash(deps, userId, await hashPassword(password));
  await revokeAllForUser(deps, userId);
}

/**
 * Name and phone. A new phone is only claimed: a code goes to it, and it replaces the verified one
 * once POST /auth/me/phone/verify proves the caller holds it. `phone: null` removes both.
 */
export async function updateMe(deps: DbDeps, userId: string, input: UpdateMeInput): Promise<UserRow> {
  const user = await getUser(deps, userId);
  const claim = input.phone && input.phone !== user.phone ? input.phone : null;
  if (claim) await requestOtp(deps, claim);
  const row = await updateProfile(deps, userId, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.phone === null ? { phone: null, pendingPhone: null } : {}),
    ...(claim ? { pendingPhone: claim } : {}),
  });
  if (!row) throw unauthenticated();
  return row;
}

/** Proves the pending phone with the code sent to it, and makes it the account's verified phone. */
export async function verifyMyPhone(deps: DbDeps, userId: string, code: string): Promise<UserRow> {
  const user = await getUser(deps, userId);
  if (!user.pendingPhone) throw new AppError(409, "no_pending_phone", "Set a phone with PATCH /auth/me first");
  await consumeOtp(deps, user.pendingPhone, code);
  try {
    const row = await setPendingPhoneVerified(deps, userId, user.pendingPhone);
    if (!row) throw new AppError(409, "no_pending_phone", "The pending phone changed; verify the new one");
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, "conflict", "This phone number belongs to another account");
    throw err;
  }
}
