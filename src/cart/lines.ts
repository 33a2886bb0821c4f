/** Line changes: each validates against the live variant, then writes the line and the cart's new version in one batch. */
import { and, eq } from "drizzle-orm";
import { getSellableVariants, type SellableVariant } from "../catalog/sellable";
import type { Db } from "../db/client";
import type { DbDeps } from "../env";
import { cartItems } from "../db/schema";
import { AppError, notFound, unprocessable } from "../lib/errors";
import { clearCartLines, type OwnedCart, touchCart } from "./carts";
import type { CartConfig } from "./config";

export function assertSellable(variant: SellableVariant | undefined, currency: string): SellableVariant {
  if (!variant) throw notFound("Variant");
  if (!variant.sellable) {
    throw new AppError(409, "product_unavailable", "This product is not for sale", { variant_id: variant.variant_id });
  }
  if (variant.currency !== currency) {
    throw unprocessable("currency_mismatch", `This product is priced in ${variant.currency}, the cart in ${currency}`);
  }
  return variant;
}

/** The most one line of this variant may hold: the cart's line cap, the flash-sale limit per buyer, what is available. */
export const lineCap = (variant: SellableVariant, lineMax: number) =>
  Math.min(lineMax, variant.max_per_customer ?? lineMax, variant.available);

export function assertQuantity(quantity: number, variant: SellableVariant, lineMax: number): void {
  if (quantity > lineMax) {
    throw unprocessable("quantity_limit_exceeded", `At most ${lineMax} of one item per cart`, { max: lineMax });
  }
  if (variant.max_per_customer !== null && quantity > variant.max_per_customer) {
    throw unprocessable("purchase_limit_exceeded", `At most ${variant.max_per_customer} of this item per buyer`, {
      variant_id: variant.variant_id,
      max_per_customer: variant.max_per_customer,
    });
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

/** Sets a line's quantity; the price seen stays the one from when it was added. */
export async function setItemQuantity(deps: DbDeps, owned: OwnedCart, config: CartConfig, itemId: string, quantity: number) {
  const { db } = deps;
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

export async function removeItem(deps: DbDeps, owned: OwnedCart, config: CartConfig, itemId: string) {
  const { db } = deps;
  await ownItem(db, owned, itemId);
  await db.batch([
    db.delete(cartItems).where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, owned.cart.id))),
    touchCart(db, owned.cart, config.idleMs),
  ]);
}

/** Empties the cart: every line and the code. */
export async function clearLines(deps: DbDeps, owned: OwnedCart, config: CartConfig) {
  const { db } = deps;
  await db.batch([
    clearCartLines(db, owned.cart.id),
    touchCart(db, owned.cart, config.idleMs, { discountId: null }),
  ]);
}
