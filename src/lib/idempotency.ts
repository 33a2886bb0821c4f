import { and, eq, lt, sql } from "drizzle-orm";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { reusable } from "../db/batch";
import type { Db } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import type { AppEnv } from "../env";
import { sha256Hex } from "./crypto";
import { AppError } from "./errors";

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\w.:-]{8,255}$/;

type StoredRecord = typeof idempotencyKeys.$inferSelect;

/** A request's Idempotency-Key, resolved: the record id (scoped to the caller) and the request's hash. */
export interface IdempotencyRequest {
  id: string;
  requestHash: string;
  /** Stable per caller and key, for deriving ids (checkout's order id) that make a retry land on the same thing. */
  scopedKey: string;
}

/** Null without a header; a malformed key is a 400. */
export async function idempotencyRequest(c: Context<AppEnv>, scope: string, body: string): Promise<IdempotencyRequest | null> {
  const key = c.req.header("Idempotency-Key");
  if (!key) return null;
  if (!KEY_PATTERN.test(key)) {
    throw new AppError(400, "validation_error", "Idempotency-Key must be 8–255 letters, digits, '-', '_', '.' or ':'");
  }
  const scopedKey = `${c.req.method} ${c.req.path} ${scope} ${key}`;
  return { id: await sha256Hex(scopedKey), requestHash: await sha256Hex(body), scopedKey };
}

/** The statement reading a record, for a caller's batch (an id of "" reads nothing). */
/** The key's stored record, as an item for the caller's batch (db/batch.ts). */
const storedRecord = reusable((db) => db.select().from(idempotencyKeys).where(eq(idempotencyKeys.id, sql.placeholder("id"))));
export const storedResponseQuery = (db: Db, id: string) => storedRecord(db, { id });

export interface StoredResponse {
  status: ContentfulStatusCode;
  body: string;
}

/**
 * What a finished record answers for this request: its response, or a 409 for another body.
 * Null when there is nothing to replay (no record, or an expired one).
 */
export function replayOf(stored: StoredRecord | undefined, requestHash: string, now = Date.now()): StoredResponse | null {
  if (!stored || stored.expiresAt < now) return null;
  if (stored.requestHash !== requestHash) {
    throw new AppError(409, "idempotency_conflict", "This Idempotency-Key was used with a different request body");
  }
  if (stored.state !== "done" || stored.statusCode === null || stored.responseBody === null) {
    throw new AppError(409, "conflict", "A request with this Idempotency-Key is still in progress");
  }
  return { status: stored.statusCode as ContentfulStatusCode, body: stored.responseBody };
}

/** The record of a finished request, as a statement for a caller that writes it in the same batch as the request's own writes. */
export const doneRecordInsert = (db: Db, req: IdempotencyRequest, response: StoredResponse, now = Date.now()) =>
  db.insert(idempotencyKeys).values({
    id: req.id,
    requestHash: req.requestHash,
    state: "done",
    statusCode: response.status,
    responseBody: response.body,
    expiresAt: now + IDEMPOTENCY_TTL_MS,
  });

/** A response stored (or about to be), as the HTTP response; a replay is marked as one. */
function asResponse(stored: StoredResponse, replayed: boolean): Response {
  return new Response(stored.body, {
    status: stored.status,
    headers: { "Content-Type": "application/json", ...(replayed ? { "Idempotent-Replayed": "true" } : {}) },
  });
}

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
 * (Checkout does not use this: it writes its record in its order batch, see orders/checkout.ts.)
 */
export function idempotent(scopeOf: (c: Context<AppEnv>) => string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const req = await idempotencyRequest(c, scopeOf(c), await c.req.text());
    if (!req) return next();
    const db = c.var.deps.db;
    const { id, requestHash } = req;

    await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.id, id), lt(idempotencyKeys.expiresAt, Date.now())));
    if (!(await claim(db, id, requestHash))) {
      const stored = await db.query.idempotencyKeys.findFirst({ where: eq(idempotencyKeys.id, id) });
      const found = replayOf(stored, requestHash);
      if (!found) throw new AppError(409, "conflict", "Retry the request");
      return asResponse(found, true);
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
