import { lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { otpCodes, passwordResetTokens, refreshTokens } from "../db/schema";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Cron: drops credentials that expired more than a day ago (kept a day for audit of reuse attempts). */
export async function sweepExpiredCredentials(db: Db): Promise<void> {
  const cutoff = Date.now() - DAY_MS;
  await db.batch([
    db.delete(otpCodes).where(lt(otpCodes.expiresAt, cutoff)),
    db.delete(passwordResetTokens).where(lt(passwordResetTokens.expiresAt, cutoff)),
    db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, cutoff)),
  ]);
}
