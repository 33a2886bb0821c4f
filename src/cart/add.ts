/**
 * Adding to a cart in two D1 round trips and one KV write, because it is what every buyer does
 * right before a flash sale: one batch reads the cart, its lines, its code and the variant; one
 * batch writes the line (creating the cart if needed) and reads the cart back, from which the view
 * is computed and put in KV once.
 */
import { sql } from "drizzle-orm";
import { getPriceVersion } from "../catalog/price-version";
import type { Deps } from "../env";
import { sellableVariantsQuery, toSellable } from "../catalog/sellable";
import { batch, item } from "../db/batch";
import { cartItems, carts } from "../db/schema";
import { randomToken, sha256Hex } from "../lib/crypto";
import { newId } from "../lib/ids";
import { type CartOwner, cacheKeyFor, customerKeyOf, touchCart } from "./carts";
import { cartConfig } from "./config";
import { assertQuantity, assertSellable, lineCap } from "./lines";
import { entryOf, present, storeEntry } from "./publish";
import type { CartView } from "./schemas";
import { type CartSelector, cartReads, fromCartReads } from "./snapshot";

export async function addCartItem(deps: Deps, owner: CartOwner, variantId: string, quantity: number): Promise<CartView> {
  const { db } = deps;
  const config = cartConfig(deps.env);
  const customerKey = customerKeyOf(owner);
  const now = Date.now();
  const selector: CartSelector =
    owner.kind === "customer" ? { userId: owner.userId } : { tokenHash: owner.token ? await sha256Hex(owner.token) : "" };

  // Round trip 1 (with the pricing version from KV alongside).
  const [pricingVersion, [cartRow, lineRows, discountRows, useRows, variantRows]] = await Promise.all([
    getPriceVersion(deps.env),
    batch(db, [...cartReads(db, selector, customerKey, now), item(sellableVariantsQuery(db, [variantId]))]),
  ]);
  const found = fromCartReads([cartRow, lineRows, discountRows, useRows], config, customerKey, now);
  const variant = assertSellable(variantRows[0] ? toSellable(variantRows[0]) : undefined, config.currency);
  const existing = found?.built.lines.find((l) => l.item.variantId === variantId)?.item.quantity ?? 0;
  assertQuantity(existing + quantity, variant, config.lineMax);
  const cap = lineCap(variant, config.lineMax);

  // A guest with no live cart gets a new one (and token) in the same batch as its first line, once the
  // per-client creation limit admits it (no round trip: a rate-limit binding call).
  if (owner.kind === "guest" && !found) await owner.admitNewCart?.();
  const token = owner.kind === "guest" ? (found && owner.token ? owner.token : randomToken(32)) : null;
  const cartId = found?.cart.id ?? newId();
  const createCart = found
    ? touchCart(db, found.cart, config.idleMs)
    : owner.kind === "customer"
      ? // The unique user_id makes concurrent first adds safe: the loser's insert does nothing.
        db.insert(carts).values({ id: cartId, userId: owner.userId }).onConflictDoNothing({ target: carts.userId })
      : db.insert(carts).values({ id: cartId, tokenHash: await sha256Hex(token ?? ""), expiresAt: now + config.idleMs });
  const ownCartId = owner.kind === "customer" && !found ? sql<string>`(SELECT ${carts.id} FROM ${carts} WHERE ${carts.userId} = ${owner.userId})` : cartId;
  const after: CartSelector = owner.kind === "customer" ? { userId: owner.userId } : { id: cartId };

  // Round trip 2: the write, then the cart as it now is.
  const addLine = db
    .insert(cartItems)
    .values({ id: newId(), cartId: ownCartId, variantId, quantity, unitPriceSeen: variant.unit_price })
    .onConflictDoUpdate({
      target: [cartItems.cartId, cartItems.variantId],
      // The customer saw the current price when adding again.
      set: { quantity: sql`${cartItems.quantity} + excluded.quantity`, unitPriceSeen: variant.unit_price, updatedAt: now },
      // Summed in SQL with the cap re-checked, so two concurrent adds cannot pass it together.
      setWhere: sql`${cartItems.quantity} + excluded.quantity <= ${cap}`,
    })
    .returning({ id: cartItems.id });
  const [, written, ...reads] = await batch(db, [item(createCart), item(addLine), ...cartReads(db, after, customerKey)]);
  // Nothing written: a concurrent add filled the line first. Report whichever cap it hit.
  if (written.length === 0) assertQuantity(cap + 1, variant, config.lineMax);
  const loaded = fromCartReads(reads, config, customerKey);
  if (!loaded) throw new Error("cart vanished during a change");

  const entry = entryOf(loaded.cart, loaded.built, pricingVersion);
  const key = await cacheKeyFor(owner.kind === "guest" ? { kind: "guest", token: token ?? undefined } : owner);
  await storeEntry(deps, key, loaded.cart.id, entry, config, customerKey);
  return present(entry.body, token);
}
