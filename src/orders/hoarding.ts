import { and, count, eq, gt, min, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { orders } from "../db/schema";
import type { Env } from "../env";
import { intVar } from "../lib/config";
import { AppError } from "../lib/errors";

const liveUnpaid = (now: number) => and(eq(orders.status, "pending_payment"), gt(orders.reservationExpiresAt, now));

export type HoardingTally = { n: number; nextExpiry: number | null }[];

/**
 * The two tallies the hoarding caps compare (live unpaid orders of this buyer, of this client network),
 * as statements for the caller's batch: checkout reads them beside the cart, in the same round trip.
 * `buyerKey` may be a SQL expression (users/buyer-key.ts buyerKeySqlForUser) when the buyer is not known yet.
 */
export function hoardingTallies(db: Db, buyerKey: string | SQL, clientKey: string, now = Date.now()) {
  const tally = (where: SQL) =>
    db
      .select({ n: count(), nextExpiry: min(orders.reservationExpiresAt) })
      .from(orders)
      .where(and(where, liveUnpaid(now)));
  return [tally(eq(orders.buyerKey, buyerKey)), tally(eq(orders.clientKey, clientKey))] as const;
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
