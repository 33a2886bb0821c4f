import { and, eq, lt } from "drizzle-orm";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { createDb, type Db } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import type { AppEnv } from "../env";
import { sha256Hex } from "./crypto";
import { AppError } from "./errors";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\w.:-]{8,255}$/;

async function claim(db: Db, id: string, requestHash: string): Promise<boolean> {
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ id, requestHash, state: "in_progress", expiresAt: Date.now() + IDEMPOTENCY_TTL_MS })
    .onConflictDoNothing()
    .returning({ id: idempotencyKeys.id });
  return inserted.length === 1;
}

/**
 * `Idempotency-Key` for a POST: the first request with a key runs and its response is stored; the same
 * key with the same body replays it; with another body it is a 409 `idempotency_conflict`. Keys are
 * scoped to the caller (user id, else the cart token) so one client cannot replay another's response.
 * A request that fails leaves no record, so the client may retry it.
 */
export function idempotent(scopeOf: (c: Context<AppEnv>) => string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header("Idempotency-Key");
    if (!key) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new AppError(400, "validation_error", "Idempotency-Key must be 8–255 letters, digits, '-', '_', '.' or ':'");
    }
    const db = createDb(c.env.DB);
    const id = await sha256Hex(`${c.req.method} ${c.req.path} ${scopeOf(c)} ${key}`);
    const requestHash = await sha256Hex(await c.req.text());

    await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.id, id), lt(idempotencyKeys.expiresAt, Date.now())));
    if (!(await claim(db, id, requestHash))) {
      const stored = await db.query.idempotencyKeys.findFirst({ where: eq(idempotencyKeys.id, id) });
      if (!stored) throw new AppError(409, "conflict", "Retry the request");
      if (stored.requestHash !== requestHash) {
        throw new AppError(409, "idempotency_conflict", "This Idempotency-Key was used with a different request body");
      }
      if (stored.state !== "done" || stored.statusCode === null || stored.responseBody === null) {
        throw new AppError(409, "conflict", "A request with this Idempotency-Key is still in progress");
      }
      c.header("Idempotent-Replayed", "true");
      return c.body(stored.responseBody, stored.statusCode as ContentfulStatusCode, {
        "Content-Type": "application/json",
      });
    }

    try {
      await next();
    } finally {
      if (c.res.ok && !c.error) {
        await db
          .update(idempotencyKeys)
          .set({ state: "done", statusCode: c.res.status, responseBody: await c.res.clone().text() })
          .where(eq(idempotencyKeys.id, id));
      } else {
        await db.delete(idempotencyKeys).where(eq(idempotencyKeys.id, id));
      }
    }
  });
}

/** Cron: forget expired keys. */
export async function sweepIdempotencyKeys(db: Db): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, Date.now()));
}
