import { and, count, eq, gt, min } from "drizzle-orm";
import type { Db } from "../db/client";
import { orders } from "../db/schema";
import type { Env } from "../env";
import { intVar } from "../lib/config";
import { AppError } from "../lib/errors";

export interface OrderOrigin {
  /** users/buyer-key.ts: an account and guests with its email are one buyer. */
  buyerKey: string;
  /** security/client-key.ts: the client network. */
  clientKey: string;
}

const liveUnpaid = (now: number) => and(eq(orders.status, "pending_payment"), gt(orders.reservationExpiresAt, now));

/**
 * Hoarding caps (checked before any stock is held): unpaid orders hold stock until they expire, so
 * one buyer (MAX_UNPAID_ORDERS_PER_BUYER) or one client network (MAX_UNPAID_ORDERS_PER_CLIENT) may
 * only have so many live at once. Over a cap is a 429 whose Retry-After is when the oldest hold
 * lapses. Two checkouts racing can each pass at cap − 1; the per-client checkout rate limit bounds that.
 */
export async function assertUnderHoardingCaps(env: Env, db: Db, origin: OrderOrigin, now = Date.now()): Promise<void> {
  const tally = (where: ReturnType<typeof eq>) =>
    db
      .select({ n: count(), nextExpiry: min(orders.reservationExpiresAt) })
      .from(orders)
      .where(and(where, liveUnpaid(now)));
  const [byBuyer, byClient] = await db.batch([tally(eq(orders.buyerKey, origin.buyerKey)), tally(eq(orders.clientKey, origin.clientKey))]);
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
