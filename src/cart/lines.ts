/** Line changes: each validates against the live variant, then writes the line and the cart's new version in one batch. */
import { and, eq, sql } from "drizzle-orm";
import { getSellableVariants, type SellableVariant } from "../catalog/sellable";
import type { Db } from "../db/client";
import { cartItems } from "../db/schema";
import { AppError, notFound, unprocessable } from "../lib/errors";
import { newId } from "../lib/ids";
import { type OwnedCart, touchCart } from "./carts";
import type { CartConfig } from "./config";

function assertSellable(variant: SellableVariant | undefined, currency: string): SellableVariant {
  if (!variant) throw notFound("Variant");
  if (!variant.sellable) {
    throw unprocessable("product_unavailable", "This product is not for sale", { variant_id: variant.variant_id });
  }
  if (variant.currency !== currency) {
    throw unprocessable("currency_mismatch", `This product is priced in ${variant.currency}, the cart in ${currency}`);
  }
  return variant;
}

function assertQuantity(quantity: number, variant: SellableVariant, lineMax: number): void {
  if (quantity > lineMax) {
    throw unprocessable("quantity_limit_exceeded", `At most ${lineMax} of one item per cart`, { max: lineMax });
  }
  if (quantity > variant.available) {
    throw new AppError(409, "insufficient_stock", "Not enough stock for this quantity", {
      variant_id: variant.variant_id,
      available: variant.available,
    });
  }
}

async function liveVariant(db: Db, variantId: string, currency: string): Promise<SellableVariant> {
  return assertSellable((await getSellableVariants(db, [variantId])).get(variantId), currency);
}

async function ownItem(db: Db, owned: OwnedCart, itemId: string) {
  // Scoped by cart id: another cart's item is a 404, never a 403 (API.md).
  const item = await db.query.cartItems.findFirst({
    where: and(eq(cartItems.id, itemId), eq(cartItems.cartId, owned.cart.id)),
  });
  if (!item) throw notFound("Cart item");
  return item;
}

/** Adds to the variant's line (creating it); the added quantity sums with what is there. */
export async function addItem(db: Db, owned: OwnedCart, config: CartConfig, variantId: string, quantity: number) {
  const variant = await liveVariant(db, variantId, config.currency);
  const existing = await db.query.cartItems.findFirst({
    where: and(eq(cartItems.cartId, owned.cart.id), eq(cartItems.variantId, variantId)),
  });
  assertQuantity((existing?.quantity ?? 0) + quantity, variant, config.lineMax);
  const cap = Math.min(config.lineMax, variant.available);
  const now = Date.now();
  const [written] = await db.batch([
    db
      .insert(cartItems)
      .values({ id: newId(), cartId: owned.cart.id, variantId, quantity, unitPriceSeen: variant.unit_price })
      .onConflictDoUpdate({
        target: [cartItems.cartId, cartItems.variantId],
        // The customer saw the current price when adding again.
        set: { quantity: sql`${cartItems.quantity} + excluded.quantity`, unitPriceSeen: variant.unit_price, updatedAt: now },
        // Summed in SQL with the cap re-checked, so two concurrent adds cannot pass it together.
        setWhere: sql`${cartItems.quantity} + excluded.quantity <= ${cap}`,
      })
      .returning({ id: cartItems.id }),
    touchCart(db, owned.cart, config.idleMs),
  ]);
  // Nothing written: a concurrent add filled the line first. Report whichever cap it hit.
  if (written.length === 0) assertQuantity(cap + 1, variant, config.lineMax);
}

/** Sets a line's quantity; the price seen stays the one from when it was added. */
export async function setItemQuantity(db: Db, owned: OwnedCart, config: CartConfig, itemId: string, quantity: number) {
  const item = await ownItem(db, owned, itemId);
  assertQuantity(quantity, await liveVariant(db, item.variantId, config.currency), config.lineMax);
  await db.batch([
    db
      .update(cartItems)
      .set({ quantity, updatedAt: Date.now() })
      .where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, owned.cart.id))),
    touchCart(db, owned.cart, config.idleMs),
  ]);
}

export async function removeItem(db: Db, owned: OwnedCart, config: CartConfig, itemId: string) {
  await ownItem(db, owned, itemId);
  await db.batch([
    db.delete(cartItems).where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, owned.cart.id))),
    touchCart(db, owned.cart, config.idleMs),
  ]);
}

/** Empties the cart: every line and the code. */
export async function clearLines(db: Db, owned: OwnedCart, config: CartConfig) {
  await db.batch([
    db.delete(cartItems).where(eq(cartItems.cartId, owned.cart.id)),
    touchCart(db, owned.cart, config.idleMs, { discountId: null }),
  ]);
}
