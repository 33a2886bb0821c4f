import { and, eq, isNull } from "drizzle-orm";
import type { DbDeps, ReadDeps } from "../env";
import { refreshTokens } from "../db/schema";
import { randomToken, sha256Hex } from "../lib/crypto";
import { unauthenticated } from "../lib/errors";
import { newId } from "../lib/ids";

/**
 * Refresh tokens are `<id>.<secret>`; only the secret's SHA-256 is stored. Each use rotates
 * the token; presenting an already-rotated token means it leaked, so the family is revoked.
 */
export async function issueRefreshToken(deps: DbDeps, userId: string, ttlSeconds: number, familyId = newId()) {
  const { db } = deps;
  const id = newId();
  const secret = randomToken(32);
  await db.insert(refreshTokens).values({
    id,
    userId,
    familyId,
    tokenHash: await sha256Hex(secret),
    expiresAt: Date.now() + ttlSeconds * 1000,
  });
  return { token: `${id}.${secret}`, familyId };
}

async function findValid(deps: ReadDeps, presented: string) {
  const { db } = deps;
  const [id, secret] = presented.split(".");
  if (!id || !secret) return null;
  const row = await db.query.refreshTokens.findFirst({ where: eq(refreshTokens.id, id) });
  if (!row || row.tokenHash !== (await sha256Hex(secret))) return null;
  return row;
}

async function revokeFamily(deps: DbDeps, familyId: string) {
  const { db } = deps;
  await db
    .update(refreshTokens)
    .set({ revokedAt: Date.now() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Rotates a refresh token; returns the user id and the new token. */
export async function rotateRefreshToken(deps: DbDeps, presented: string, ttlSeconds: number) {
  const { db } = deps;
  const row = await findValid(deps, presented);
  if (!row) throw unauthenticated("Invalid refresh token");
  if (row.revokedAt !== null || row.rotatedAt !== null) {
    await revokeFamily(deps, row.familyId);
    throw unauthenticated("Refresh token was already used; all sessions from this login are signed out");
  }
  if (row.expiresAt <= Date.now()) throw unauthenticated("Refresh token expired");
  // The conditional update is the race guard: of two concurrent uses, only one rotates.
  const claimed = await db
    .update(refreshTokens)
    .set({ rotatedAt: Date.now() })
    .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  if (claimed.length === 0) {
    await revokeFamily(deps, row.familyId);
    throw unauthenticated("Refresh token was already used; all sessions from this login are signed out");
  }
  const next = await issueRefreshToken(deps, row.userId, ttlSeconds, row.familyId);
  return { userId: row.userId, token: next.token };
}

/** Logout: revokes the presented token's family. Unknown tokens are ignored (logout is idempotent). */
export async function revokeRefreshToken(deps: DbDeps, presented: string) {
  const row = await findValid(deps, presented);
  if (row) await revokeFamily(deps, row.familyId);
}

export async function revokeAllForUser(deps: DbDeps, userId: string) {
  const { db } = deps;
  await db
    .update(refreshTokens)
    .set({ revokedAt: Date.now() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}
