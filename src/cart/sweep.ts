import { inArray, lt } from "drizzle-orm";
import type { DbDeps } from "../env";
import { cartItems, carts } from "../db/schema";

/** Cron: deletes guest carts idle past CART_IDLE_DAYS (customer carts have no expiry). */
export async function sweepExpiredCarts(deps: DbDeps, now = Date.now()): Promise<void> {
  const { db } = deps;
  const expired = db.select({ id: carts.id }).from(carts).where(lt(carts.expiresAt, now));
  await db.batch([db.delete(cartItems).where(inArray(cartItems.cartId, expired)), db.delete(carts).where(lt(carts.expiresAt, now))]);
}
