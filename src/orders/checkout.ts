import { type CartDeps, type CartOwner, clearCart, loadCartForCheckout } from "../cart/service";
import { orderEvents, orderItems, orders } from "../db/schema";
import { redeemDiscount, releaseDiscount } from "../discounts/service";
import type { Principal } from "../env";
import { randomToken, sha256Hex } from "../lib/crypto";
import { isUniqueViolation } from "../lib/db-errors";
import { AppError, unprocessable, validationError } from "../lib/errors";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import { holdOrder, releaseOrder, reservationTtlMs } from "../inventory/service";
import { getUser } from "../users/service";
import { newOrderNumber } from "./order-number";
import type { CheckoutInput } from "./schemas";
import { notifyOrderEvent } from "./order-emails";
import type { OrderRow } from "./views";

export interface CheckoutResult {
  order: OrderRow;
  /** Guests only: the secret that reads the order (only its hash is stored). */
  orderToken: string | null;
}

const NUMBER_ATTEMPTS = 3;
/** D1 binds at most 100 parameters per statement; an order item has 13 columns. */
const ITEMS_PER_STATEMENT = 7;

const chunk = <T>(list: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

async function buyerEmail(deps: CartDeps, principal: Principal | undefined, input: CheckoutInput): Promise<string> {
  if (principal) {
    const user = await getUser(deps.db, principal.id);
    if (user.email) return user.email;
  }
  if (input.email) return input.email;
  throw validationError("An email is required to place the order", {
    fields: [{ field: "email", code: "required", message: "required for guests and accounts without an email" }],
  });
}

/**
 * Places an order from the caller's cart as a sequence of steps, each undone if a later one fails
 * (DESIGN.md invariant 2): hold every line's stock (all or nothing) → count the discount use
 * (conditional, so a limit holds under a flash sale) → write order, lines and first event in one
 * D1 batch → clear the cart. Prices and totals are the server's, recomputed from live data.
 */
export async function checkout(
  deps: CartDeps,
  owner: CartOwner,
  principal: Principal | undefined,
  input: CheckoutInput,
): Promise<CheckoutResult> {
  const { env, db } = deps;
  const cart = await loadCartForCheckout(env, db, owner);
  if (!cart || cart.lines.length === 0) throw unprocessable("cart_empty", "The cart is empty");
  const currency = cart.view.currency;
  const unsellable = cart.lines.filter((l) => !l.variant.sellable || l.variant.currency !== currency);
  if (unsellable.length > 0) {
    throw unprocessable("product_unavailable", "Some items can no longer be bought; remove them first", {
      variant_ids: unsellable.map((l) => l.variant.variant_id),
    });
  }
  const email = await buyerEmail(deps, principal, input);
  const orderId = newId();
  const lines = cart.lines.map((l) => ({ variantId: l.variant.variant_id, qty: l.item.quantity }));

  const hold = await holdOrder(env, orderId, lines, reservationTtlMs(env));
  const undo: Array<() => Promise<unknown>> = [() => releaseOrder(env, orderId, lines)];
  try {
    const discount = cart.view.discount > 0 || cart.view.discount_code ? cart.discount : null;
    if (discount) {
      const customerKey = principal?.id ?? email;
      if (!(await redeemDiscount(db, discount.id, customerKey, orderId))) {
        throw unprocessable("discount_exhausted", "This discount code has no uses left for you", { code: discount.code });
      }
      undo.push(() => releaseDiscount(db, discount.id, orderId));
    }
    const orderToken = principal ? null : randomToken(32);
    const order = await writeOrder(deps, {
      id: orderId,
      userId: principal?.id ?? null,
      email,
      orderTokenHash: orderToken ? await sha256Hex(orderToken) : null,
      status: "pending_payment",
      currency,
      subtotal: cart.view.subtotal,
      discount: cart.view.discount,
      shipping: cart.view.shipping,
      tax: cart.view.tax,
      total: cart.view.total,
      discountId: discount?.id ?? null,
      discountCode: discount ? cart.view.discount_code : null,
      shippingAddress: input.shipping_address,
      billingAddress: input.billing_address ?? null,
      shippingMethod: input.shipping_method,
      notes: input.notes ?? null,
      reservationExpiresAt: hold.expires_at,
      items: cart.lines.map((l) => ({
        id: newId(),
        orderId,
        variantId: l.variant.variant_id,
        productId: l.variant.product_id,
        storeId: l.variant.store_id,
        categoryId: l.variant.category_id,
        sku: l.variant.sku,
        name: l.variant.name,
        size: l.variant.size,
        color: l.variant.color,
        unitPrice: l.variant.unit_price,
        quantity: l.item.quantity,
        lineTotal: l.variant.unit_price * l.item.quantity,
      })),
      actorId: principal?.id ?? null,
    });
    await clearCart(deps, owner).catch((err: unknown) =>
      log("error", "checkout.clear_cart_failed", { order_id: orderId, error: String(err) }),
    );
    await notifyOrderEvent(env, db, order, null);
    return { order, orderToken };
  } catch (err) {
    for (const step of undo.reverse()) {
      await step().catch((e: unknown) => log("error", "checkout.compensation_failed", { order_id: orderId, error: String(e) }));
    }
    throw err;
  }
}

type NewOrder = Omit<typeof orders.$inferInsert, "number"> & {
  id: string;
  items: (typeof orderItems.$inferInsert)[];
  actorId: string | null;
};

/** Order, lines and first event in one atomic batch; a clash of the random number is retried. */
async function writeOrder(deps: CartDeps, order: NewOrder): Promise<OrderRow> {
  const { items, actorId, ...row } = order;
  for (let attempt = 1; ; attempt++) {
    const number = newOrderNumber();
    try {
      const [inserted] = await deps.db.batch([
        deps.db
          .insert(orders)
          .values({ ...row, number })
          .returning(),
        ...chunk(items, ITEMS_PER_STATEMENT).map((part) => deps.db.insert(orderItems).values(part)),
        deps.db.insert(orderEvents).values({
          id: newId(),
          orderId: row.id,
          fromStatus: null,
          toStatus: "pending_payment",
          actorId,
          actorRole: actorId ? "customer" : "guest",
          note: null,
        }),
      ]);
      const created = inserted[0];
      if (!created) throw new AppError(500, "internal_error", "The order was not written");
      return created;
    } catch (err) {
      // Only orders.number can clash: the id is a fresh UUID.
      if (attempt < NUMBER_ATTEMPTS && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}
