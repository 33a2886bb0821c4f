import { and, count, eq, gt, min, type SQL, sql } from "drizzle-orm";
import { reusable } from "../db/batch";
import type { Db } from "../db/client";
import { orders } from "../db/schema";
import type { Env } from "../env";
import { intVar } from "../lib/config";
import { AppError } from "../lib/errors";
import { buyerKeySqlForUser } from "../users/buyer-key";

export type HoardingTally = { n: number; nextExpiry: number | null }[];

/** Live unpaid orders matching `where`, with the `now` placeholder (db/batch.ts). */
const tally = (db: Db, where: SQL) =>
  db
    .select({ n: count(), nextExpiry: min(orders.reservationExpiresAt) })
    .from(orders)
    .where(and(where, eq(orders.status, "pending_payment"), gt(orders.reservationExpiresAt, sql.placeholder("now"))));

// The buyer is a key given (a guest's email), or computed in SQL from an account's row (users/buyer-key.ts).
const byGivenBuyer = reusable((db) => tally(db, eq(orders.buyerKey, sql.placeholder("buyer"))));
const byAccount = reusable((db) => tally(db, eq(orders.buyerKey, buyerKeySqlForUser(sql.placeholder("user")))));
const byClient = reusable((db) => tally(db, eq(orders.clientKey, sql.placeholder("client"))));

/**
 * The two tallies the hoarding caps compare (live unpaid orders of this buyer, of this client network),
 * as items for the caller's batch: checkout reads them beside the cart, in the same round trip. The buyer
 * is an account (counted under its buyer key, which SQL derives from its row) or a guest's buyer key.
 */
export function hoardingTallies(db: Db, buyer: { userId: string } | { key: string }, clientKey: string, now = Date.now()) {
  const buyerTally = "userId" in buyer ? byAccount(db, { user: buyer.userId, now }) : byGivenBuyer(db, { buyer: buyer.key, now });
  return [buyerTally, byClient(db, { client: clientKey, now })] as const;
}

/**
 * Hoarding caps (checked before any stock is held): unpaid orders hold stock until they expire, so
 * one buyer (MAX_UNPAID_ORDERS_PER_BUYER) or one client network (MAX_UNPAID_ORDERS_PER_CLIENT) may
 * only have so many live at once. Over a cap is a 429 whose Retry-After is when the oldest hold
 * lapses. Two checkouts racing can each pass at cap − 1; the per-client checkout rate limit bounds that.
 */
export function assertUnderHoardingCaps(env: Env, [byBuyer, byClient]: readonly [HoardingTally, HoardingTally], now = Date.now()): void {
  const caps = [
    { row: byBuyer[0], cap: intVar(env, "MAX_UNPAID_ORDERS_PER_BUYER"), who: "this buyer" },
    { row: byClient[0], cap: intVar(env, "MAX_UNPAID_ORDERS_PER_CLIENT"), who: "this network" },
  ];
  for (const { row, cap, who } of caps) {
    if ((row?.n ?? 0) < cap) continue;
    const retryAfter = Math.max(1, Math.ceil(((row?.nextExpiry ?? now) - now) / 1000));
    throw new AppError(429, "too_many_unpaid_orders", `Too many unpaid orders for ${who}; pay or cancel one first`, {
      limit: cap,
      retry_after_seconds: retryAfter,
    });
  }
}
