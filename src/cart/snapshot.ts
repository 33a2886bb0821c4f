/**
 * A cart as D1 has it, read as statements a caller puts in ONE batch (next to its own reads or
 * writes), then computed in memory. This is what keeps a cart read, an add-to-cart and checkout
 * to one D1 round trip each for their reads.
 */
import { and, asc, eq, getTableColumns, gt, type SQL, sql } from "drizzle-orm";
import { sellableColumns, sellableJoins, type SellableRow, toSellable } from "../catalog/sellable";
import { variantJoinOn } from "../catalog/variant-join";
import { batch, reusable } from "../db/batch";
import type { Db } from "../db/client";
import type { ReadDeps } from "../env";
import { cartItems, carts } from "../db/schema";
import type { DiscountRow } from "../discounts/rules";
import { discountsIn, usesOf } from "../discounts/statements";
import { buyerKeySqlForUser } from "../users/buyer-key";
import type { CartRow } from "./carts";
import type { CartConfig } from "./config";
import { type BuiltCart, type CartItemRow, type CartLine, computeCart } from "./view";

/** Which cart: by id, a guest's token hash (live carts only), or a customer's user id. */
export type CartSelector = { id: string } | { tokenHash: string } | { userId: string };

type SelectorKind = "id" | "tokenHash" | "userId";

/** The cart's row by the `cart` placeholder (and `now`, for a guest's expiry). */
function cartWhere(kind: SelectorKind): SQL {
  const cart = sql.placeholder("cart");
  if (kind === "id") return eq(carts.id, cart);
  if (kind === "userId") return eq(carts.userId, cart);
  return and(eq(carts.tokenHash, cart), gt(carts.expiresAt, sql.placeholder("now"))) as SQL;
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
    .innerJoin(...variantJoinOn(cartItems.variantId))
    .innerJoin(...sellableJoins[0])
    .innerJoin(...sellableJoins[1])
    .where(where)
    .orderBy(asc(cartItems.createdAt), asc(cartItems.id));
}

export const toLines = (rows: LineRow[]): CartLine[] => rows.map((r) => ({ item: r.item, variant: toSellable(r.variant) }));

/**
 * Four statements, built once per selector kind (db/batch.ts): the cart row, its lines, its code, and
 * this customer's earlier uses of that code (under their buyer key, users/buyer-key.ts, so guest orders
 * with their email count too).
 */
function readsFor(kind: SelectorKind) {
  const heldCode = (db: Db) => db.select({ id: carts.discountId }).from(carts).where(cartWhere(kind));
  return [
    reusable((db) => db.select().from(carts).where(cartWhere(kind))),
    reusable((db) => linesQuery(db, cartWhere(kind))),
    reusable((db) => discountsIn(db, heldCode(db))),
    reusable((db) => usesOf(db, buyerKeySqlForUser(sql.placeholder("customer")), heldCode(db))),
  ] as const;
}

const readsByKind = { id: readsFor("id"), tokenHash: readsFor("tokenHash"), userId: readsFor("userId") };

const kindOf = (selector: CartSelector): [SelectorKind, string] =>
  "id" in selector ? ["id", selector.id] : "userId" in selector ? ["userId", selector.userId] : ["tokenHash", selector.tokenHash];

/** The cart's four reads, as items for the caller's batch (db/batch.ts), next to its own reads or writes. */
export function cartReads(db: Db, selector: CartSelector, customerKey: string | null, now = Date.now()) {
  const [kind, cart] = kindOf(selector);
  const values = { cart, now, customer: customerKey ?? "" };
  const [row, lines, code, uses] = readsByKind[kind];
  return [row(db, values), lines(db, values), code(db, values), uses(db, values)] as const;
}

const quantitiesFor = (kind: SelectorKind) =>
  reusable((db) =>
    db
      .select({ variantId: cartItems.variantId, qty: cartItems.quantity })
      .from(cartItems)
      .innerJoin(carts, eq(carts.id, cartItems.cartId))
      .where(cartWhere(kind)),
  );
const quantitiesByKind = { id: quantitiesFor("id"), tokenHash: quantitiesFor("tokenHash"), userId: quantitiesFor("userId") };

/** The (live) cart's lines as variant and quantity only: one small statement for a caller's batch, no join to the catalog. */
export function cartQuantities(db: Db, selector: CartSelector, now = Date.now()) {
  const [kind, cart] = kindOf(selector);
  return quantitiesByKind[kind](db, { cart, now });
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
export async function loadCart(deps: ReadDeps, selector: CartSelector, config: CartConfig, customerKey: string | null): Promise<LoadedCart | null> {
  const { db } = deps;
  const now = Date.now();
  return fromCartReads(await batch(db, cartReads(db, selector, customerKey, now)), config, customerKey, now);
}
