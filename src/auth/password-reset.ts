import { and, eq, gt, isNull } from "drizzle-orm";
import { passwordResetTokens } from "../db/schema";
import type { DbDeps } from "../env";
import { randomToken, sha256Hex } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { queueEmail } from "../notifications/service";
import { passwordResetEmail } from "../notifications/templates";
import { assertPasswordPolicy, findUserByEmail, getUser } from "../users/service";
import { setPassword } from "./service";

const RESET_TTL_MS = 60 * 60 * 1000;

/** Always succeeds from the caller's view, so the endpoint does not reveal which emails have accounts. */
export async function forgotPassword(deps: DbDeps, email: string): Promise<void> {
  const { env, db } = deps;
  const user = await findUserByEmail(deps, email);
  if (!user || !user.isActive) return;
  const token = randomToken(32);
  const id = newId();
  await db.insert(passwordResetTokens).values({
    id,
    userId: user.id,
    tokenHash: await sha256Hex(token),
    expiresAt: Date.now() + RESET_TTL_MS,
  });
  await queueEmail(env, passwordResetEmail(env.APP_NAME, email, token, id));
}

export async function resetPassword(deps: DbDeps, token: string, password: string): Promise<void> {
  const { db } = deps;
  const invalid = new AppError(400, "invalid_reset_token", "The reset token is invalid, used or expired");
  const tokenHash = await sha256Hex(token);
  const row = await db.query.passwordResetTokens.findFirst({ where: eq(passwordResetTokens.tokenHash, tokenHash) });
  if (!row || row.usedAt !== null || row.expiresAt <= Date.now()) throw invalid;
  const user = await getUser(deps, row.userId);
  assertPasswordPolicy(password, user.email, user.name);
  // Single use even under a double submit: only the request that marks it used goes on.
  const claimed = await db
    .update(passwordResetTokens)
    .set({ usedAt: Date.now() })
    .where(
      and(
        eq(passwordResetTokens.id, row.id),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, Date.now()),
      ),
    )
    .returning({ id: passwordResetTokens.id });
  if (claimed.length === 0) throw invalid;
  await setPassword(deps, user.id, password);
}
