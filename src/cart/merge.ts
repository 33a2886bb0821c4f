/** On login with a guest cart token: the guest cart's lines move into the customer's cart, and the token dies. */
import { eq, sql } from "drizzle-orm";
import { cartItems, carts } from "../db/schema";
import type { Deps } from "../env";
import { newId } from "../lib/ids";
import { dropView } from "./cache";
import { cacheKeyFor, clearCartLines, customerCart, findGuestCart, touchCart } from "./carts";
import { cartConfig } from "./config";
import { refreshCart } from "./service";
import { isPriceable, loadLines } from "./view";

/**
 * Quantities are summed and capped by the per-line cap and what is available (a line that cannot be
 * sold, or has nothing available, is left behind). The customer's own code wins; otherwise the
 * guest's moves over (the view re-checks it). One atomic batch, so a retried login cannot double a line.
 */
export async function mergeGuestCart(deps: Deps, guestToken: string, userId: string): Promise<void> {
  const { db } = deps;
  const config = cartConfig(deps.env);
  const guest = await findGuestCart(deps, guestToken);
  if (!guest) return;
  const [target, lines] = await Promise.all([customerCart(deps, userId), loadLines(deps, guest.id)]);
  const now = Date.now();

  const moves = lines.flatMap(({ item, variant }) => {
    const cap = Math.min(config.lineMax, variant.available);
    if (!isPriceable({ item, variant }, config.currency) || cap < 1) return [];
    return [
      db
        .insert(cartItems)
        .values({
          id: newId(),
          cartId: target.id,
          variantId: item.variantId,
          quantity: Math.min(item.quantity, cap),
          unitPriceSeen: item.unitPriceSeen,
        })
        .onConflictDoUpdate({
          target: [cartItems.cartId, cartItems.variantId],
          // Summed in SQL (no read-then-write); never lowers what the customer already had.
          set: {
            quantity: sql`max(${cartItems.quantity}, min(${cartItems.quantity} + excluded.quantity, ${cap}))`,
            updatedAt: now,
          },
        }),
    ];
  });

  const carriedCode = target.discountId === null && guest.discountId !== null ? { discountId: guest.discountId } : {};
  await db.batch([
    touchCart(db, target, config.idleMs, carriedCode),
    ...moves,
    clearCartLines(db, guest.id),
    db.delete(carts).where(eq(carts.id, guest.id)),
  ]);

  const guestKey = await cacheKeyFor({ kind: "guest", token: guestToken });
  if (guestKey) await dropView(deps.env, guestKey);
  // Republish the customer's view: the cached one predates the merge.
  await refreshCart(deps, { kind: "customer", userId });
}
