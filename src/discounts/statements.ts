/**
 * Discount statements other domains put in their own D1 batch or query, so they never name the discount tables:
 * the cart's one-batch read (cart/snapshot.ts), the order authority's document load and the reconciliation check
 * (orders/order-steps.ts, orders/reconciliation.ts).
 */
import { and, count, eq, inArray, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { discountRedemptions, discounts } from "../db/schema";

/** The codes whose ids `ids` (a caller's subquery) selects. */
export const discountsIn = (db: Db, ids: SQLWrapper) => db.select().from(discounts).where(inArray(discounts.id, ids));

/** How many uses of the codes `ids` selects a buyer (`customerKey`, a SQL value) already has. */
export const usesOf = (db: Db, customerKey: SQL, ids: SQLWrapper) =>
  db
    .select({ n: count() })
    .from(discountRedemptions)
    .where(and(eq(discountRedemptions.customerKey, customerKey), inArray(discountRedemptions.discountId, ids)));

/** The buyer key an order's discount use is counted under, if one is. */
export const redemptionOfOrder = (db: Db, orderId: string) =>
  db.select({ customerKey: discountRedemptions.customerKey }).from(discountRedemptions).where(eq(discountRedemptions.orderId, orderId));

/** Every counted use, as a subquery a caller joins to its orders. */
export const redemptionsSubquery = (db: Db) =>
  db.select({ discountId: discountRedemptions.discountId, orderId: discountRedemptions.orderId }).from(discountRedemptions).as("redemptions");

/** Codes whose `used_count` disagrees with their counted uses (expected: none). */
export function usedCountMismatches(db: Db) {
  const redeemed = sql<number>`(SELECT COUNT(*) FROM ${discountRedemptions} WHERE ${discountRedemptions.discountId} = ${discounts.id})`;
  return db
    .select({ id: discounts.id, used: discounts.usedCount, redeemed })
    .from(discounts)
    .where(sql`${discounts.usedCount} != ${redeemed}`);
}
