/** Finding and creating carts for an owner: a guest by token hash, a customer by user id. */
import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { cartItems, carts } from "../db/schema";
import type { DbDeps, ReadDeps } from "../env";
import { randomToken, sha256Hex } from "../lib/crypto";
import { newId } from "../lib/ids";

export type CartRow = typeof carts.$inferSelect;

/** A guest's `admitNewCart` is asked before a cart is made for them; it throws to refuse (the per-client creation limit). */
export type CartOwner = { kind: "customer"; userId: string } | { kind: "guest"; token: string | undefined; admitNewCart?: () => Promise<void> };

/** A cart and, for a guest, the token that opens it (only its hash is stored). */
export interface OwnedCart {
  cart: CartRow;
  token: string | null;
}

/** KV key of an owner's cached view: derivable from the request alone, so a cached read needs no D1. */
export async function cacheKeyFor(owner: CartOwner): Promise<string | null> {
  if (owner.kind === "customer") return `cart:u:${owner.userId}`;
  return owner.token ? `cart:g:${await sha256Hex(owner.token)}` : null;
}

export const customerKeyOf = (owner: CartOwner): string | null => (owner.kind === "customer" ? owner.userId : null);

export async function findGuestCart(deps: ReadDeps, token: string, now = Date.now()): Promise<CartRow | undefined> {
  const { db } = deps;
  return db.query.carts.findFirst({
    where: and(eq(carts.tokenHash, await sha256Hex(token)), gt(carts.expiresAt, now)),
  });
}

/** A customer's one cart, created on first use; the unique user_id makes concurrent first calls safe. */
export async function customerCart(deps: DbDeps, userId: string): Promise<CartRow> {
  const { db } = deps;
  const [, found] = await db.batch([
    db.insert(carts).values({ id: newId(), userId }).onConflictDoNothing({ target: carts.userId }),
    db.select().from(carts).where(eq(carts.userId, userId)),
  ]);
  const cart = found[0];
  if (!cart) throw new Error("customer cart vanished");
  return cart;
}

export async function newGuestCart(deps: DbDeps, idleMs: number): Promise<OwnedCart> {
  const { db } = deps;
  const token = randomToken(32); // 256 bits
  const [cart] = await db
    .insert(carts)
    .values({ id: newId(), tokenHash: await sha256Hex(token), expiresAt: Date.now() + idleMs })
    .returning();
  if (!cart) throw new Error("insert returned nothing");
  return { cart, token };
}

/** The owner's cart if there is one: a customer's is made on first use; a guest's only by a write. */
export async function existingCart(deps: DbDeps, owner: CartOwner): Promise<OwnedCart | null> {
  if (owner.kind === "customer") return { cart: await customerCart(deps, owner.userId), token: null };
  const found = owner.token ? await findGuestCart(deps, owner.token) : undefined;
  return found && owner.token ? { cart: found, token: owner.token } : null;
}

/**
 * The owner's cart, created when missing. An unknown or expired guest token gets a new cart and token,
 * once the guest's `admitNewCart` (the per-client creation limit) lets it.
 */
export async function resolveCart(deps: DbDeps, owner: CartOwner, idleMs: number): Promise<OwnedCart> {
  const found = await existingCart(deps, owner);
  if (found) return found;
  if (owner.kind === "guest") await owner.admitNewCart?.();
  return newGuestCart(deps, idleMs);
}

/** Every line of the cart, as a statement for a caller's batch (checkout empties the cart with its order). */
export const clearCartLines = (db: Db, cartId: string) => db.delete(cartItems).where(eq(cartItems.cartId, cartId));

/**
 * The statement every cart change batches with: a new version, a guest cart's idle clock restarted,
 * and any change to the cart row itself (its discount code).
 */
export function touchCart(db: Db, cart: CartRow, idleMs: number, changes: Partial<Pick<CartRow, "discountId">> = {}) {
  const now = Date.now();
  return db
    .update(carts)
    .set({
      ...changes,
      version: sql`${carts.version} + 1`,
      updatedAt: now,
      ...(cart.tokenHash !== null ? { expiresAt: now + idleMs } : {}),
    })
    .where(eq(carts.id, cart.id));
}
