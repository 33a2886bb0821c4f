/**
 * A cart as D1 has it, read as statements a caller puts in ONE batch (next to its own reads or
 * writes), then computed in memory. This is what keeps a cart read, an add-to-cart and checkout
 * to one D1 round trip each for their reads.
 */
import { and, asc, count, eq, getTableColumns, gt, inArray, type SQL } from "drizzle-orm";
import { sellableColumns, sellableJoins, type SellableRow, toSellable } from "../catalog/sellable";
import type { Db } from "../db/client";
import { cartItems, carts, discountRedemptions, discounts, productVariants } from "../db/schema";
import type { DiscountRow } from "../discounts/rules";
import { buyerKeySqlForUser } from "../users/buyer-key";
import type { CartRow } from "./carts";
import type { CartConfig } from "./config";
import { type BuiltCart, type CartItemRow, type CartLine, computeCart } from "./view";

/** Which cart: by id, a guest's token hash (live carts only), or a customer's user id. */
export type CartSelector = { id: string } | { tokenHash: string } | { userId: string };

function cartWhere(selector: CartSelector, now: number): SQL {
  if ("id" in selector) return eq(carts.id, selector.id);
  if ("userId" in selector) return eq(carts.userId, selector.userId);
  return and(eq(carts.tokenHash, selector.tokenHash), gt(carts.expiresAt, now)) as SQL;
}

export interface LineRow {
  item: CartItemRow;
  variant: SellableRow;
}

/** The cart's lines with their live variants, oldest first; a line whose variant row is gone is skipped. */
export function linesQuery(db: Db, where: SQL) {
  return db
    .select({ item: getTableColumns(cartItems), variant: sellableColumns })
    .from(cartItems)
    .innerJoin(carts, eq(carts.id, cartItems.cartId))
    .innerJoin(productVariants, eq(productVariants.id, cartItems.variantId))
    .innerJoin(...sellableJoins[0])
    .innerJoin(...sellableJoins[1])
    .where(where)
    .orderBy(asc(cartItems.createdAt), asc(cartItems.id));
}

export const toLines = (rows: LineRow[]): CartLine[] => rows.map((r) => ({ item: r.item, variant: toSellable(r.variant) }));

/**
 * Four statements: the cart row, its lines, its code, and this customer's earlier uses of that code
 * (under their buyer key, users/buyer-key.ts, so guest orders with their email count too).
 */
export function cartReads(db: Db, selector: CartSelector, customerKey: string | null, now = Date.now()) {
  const where = cartWhere(selector, now);
  const heldCode = db.select({ id: carts.discountId }).from(carts).where(where);
  return [
    db.select().from(carts).where(where),
    linesQuery(db, where),
    db.select().from(discounts).where(inArray(discounts.id, heldCode)),
    db
      .select({ n: count() })
      .from(discountRedemptions)
      .where(and(eq(discountRedemptions.customerKey, buyerKeySqlForUser(customerKey ?? "")), inArray(discountRedemptions.discountId, heldCode))),
  ] as const;
}

export type CartReadResults = readonly [CartRow[], LineRow[], DiscountRow[], { n: number }[]];

export interface LoadedCart {
  cart: CartRow;
  built: BuiltCart;
}

/** The computed cart from `cartReads`' results; null when there is no such (live) cart. */
export function fromCartReads(results: CartReadResults, config: CartConfig, customerKey: string | null, now = Date.now()): LoadedCart | null {
  const [cartRows, lineRows, discountRows, useRows] = results;
  const cart = cartRows[0];
  if (!cart) return null;
  const held = discountRows[0];
  // Earlier uses matter only when the code limits them per customer (as rules.ts expects).
  const uses = held && held.perCustomerLimit !== null && customerKey !== null ? (useRows[0]?.n ?? 0) : null;
  return { cart, built: computeCart(cart, toLines(lineRows), held, uses, config, now) };
}

/** One round trip: the cart and everything its view needs. */
export async function loadCart(db: Db, selector: CartSelector, config: CartConfig, customerKey: string | null): Promise<LoadedCart | null> {
  const now = Date.now();
  return fromCartReads(await db.batch(cartReads(db, selector, customerKey, now)), config, customerKey, now);
}
