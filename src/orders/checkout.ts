/**
 * POST /orders at the speed of the stock objects (issue 13). Per request:
 * 1. ONE D1 batch reads the cart (row, lines with live variants, code, the buyer's earlier uses of
 *    it), the buyer's account email, the Idempotency-Key's stored response (a replay ends here) and
 *    the hoarding caps' tallies of live unpaid orders (orders/hoarding.ts);
 * 2. the stock objects hold every line, all or nothing, under an order id derived from the caller and
 *    the Idempotency-Key (so the hold itself is idempotent) and the buyer's per-variant limit; a line
 *    this isolate heard was short in the last second is refused without asking (inventory/known-short.ts);
 * 3. a code's use is counted (one conditional batch, only for carts with a code);
 * 4. ONE D1 batch writes the order, its lines and first event, the idempotency record (the response
 *    itself), the confirmation email's intent, and clears the cart; the response and the cart's new
 *    view are computed in memory, the view put in KV once, the email queued.
 * A refused buyer costs step 1 and at most one stock call: nothing is written for them. While this isolate heard a
 * variant sold out (a flash sale's losing phase), step 1 is preceded by a two-statement read of the cart's lines
 * and the key's stored response, which refuses a known-short loser at once: most of a sale's buyers then cost
 * one small read and no stock call.
 * Each step after the hold is undone if a later one fails (docs/ARCHITECTURE.md invariant 2).
 */
import { cacheKeyFor, type CartOwner, type CartRow, clearCartLines, customerKeyOf, touchCart } from "../cart/carts";
import { cartConfig } from "../cart/config";
import { ANY_PRICING } from "../cart/cache";
import { entryOf, storeEntry } from "../cart/publish";
import { type CartSelector, cartQuantities, cartReads, fromCartReads, type LoadedCart } from "../cart/snapshot";
import { computeCart } from "../cart/view";
import { batch } from "../db/batch";
import { orderEvents, orderItems, orders } from "../db/schema";
import { redeemDiscount, releaseDiscount } from "../discounts/service";
import type { Deps, Principal, ReadDeps } from "../env";
import { holdTtlMs } from "../inventory/hold-time";
import { soldOutHeardRecently } from "../inventory/known-short";
import { holdOrder, refuseKnownShort, releaseOrder } from "../inventory/service";
import { randomToken, sha256Hex } from "../lib/crypto";
import { isUniqueViolation, isUniqueViolationOn } from "../lib/db-errors";
import { AppError, unprocessable, validationError } from "../lib/errors";
import { doneRecordInsert, type IdempotencyRequest, replayOf, type StoredResponse, storedResponseQuery } from "../lib/idempotency";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import { emailIntentInsert } from "../notifications/intents";
import type { EmailMessage } from "../notifications/schemas";
import { queueEmail } from "../notifications/service";
import { accountEmailQuery } from "../users/account-email";
import { buyerKey } from "../users/buyer-key";
import { assertUnderHoardingCaps, hoardingTallies } from "./hoarding";
import { newOrderNumber } from "./order-number";
import { statusEmail } from "./order-emails";
import type { CheckoutInput } from "./schemas";
import { type OrderRow, orderViewOf } from "./views";

export interface CheckoutResult {
  /** The response: 201 and the order (with `order_token` for a guest), or the first response replayed. */
  response: StoredResponse;
  replayed: boolean;
}

const NUMBER_ATTEMPTS = 3;
/** D1 binds at most 100 parameters per statement; an order item has 13 columns. */
const ITEMS_PER_STATEMENT = 7;

const chunk = <T>(list: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** A UUID-shaped order id from the caller's scoped Idempotency-Key: the same key always names the same order. */
async function orderIdFor(idem: IdempotencyRequest | null): Promise<string> {
  if (!idem) return newId();
  const h = await sha256Hex(`order ${idem.scopedKey}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function sellableCart(loaded: LoadedCart | null): LoadedCart {
  if (!loaded || loaded.built.lines.length === 0) throw unprocessable("cart_empty", "The cart is empty");
  const currency = loaded.built.body.currency;
  const unsellable = loaded.built.lines.filter((l) => !l.variant.sellable || l.variant.currency !== currency);
  if (unsellable.length > 0) {
    // A conflict with the product's current state (inactive, deleted, outside its sale window, store suspended).
    throw new AppError(409, "product_unavailable", "Some items can no longer be bought; remove them first", {
      variant_ids: unsellable.map((l) => l.variant.variant_id),
    });
  }
  return loaded;
}

function buyerEmail(accountEmail: string | null | undefined, input: CheckoutInput): string {
  if (accountEmail) return accountEmail;
  if (input.email) return input.email;
  throw validationError("An email is required to place the order", {
    fields: [{ field: "email", code: "required", message: "required for guests and accounts without an email" }],
  });
}

/**
 * The losing phase's first read: the key's stored response (a replay still replays) and the cart's lines, refused
 * here when a line is known short. Null when the full read must decide. Anything else (an empty or unsellable
 * cart, a missing email, the hoarding caps) is judged by the full read, so a known-short line is refused first.
 */
async function knownLoser(deps: ReadDeps, selector: CartSelector, idem: IdempotencyRequest | null, now: number): Promise<StoredResponse | null> {
  const { db } = deps;
  const [lines, stored] = await batch(db, [cartQuantities(db, selector, now), storedResponseQuery(db, idem?.id ?? "")]);
  const replayed = idem ? replayOf(stored[0], idem.requestHash, now) : null;
  if (replayed) return replayed;
  // Judged at the same instant as the phase (not after the read), so the phase's own variant is still known.
  if (lines.length > 0) refuseKnownShort(lines, now);
  return null;
}

export async function checkout(
  deps: Deps,
  owner: CartOwner,
  principal: Principal | undefined,
  input: CheckoutInput,
  idem: IdempotencyRequest | null,
  clientKey: string,
): Promise<CheckoutResult> {
  const { env, db } = deps;
  const config = cartConfig(env);
  const customerKey = customerKeyOf(owner);
  const now = Date.now();
  const selector: CartSelector =
    owner.kind === "customer" ? { userId: owner.userId } : { tokenHash: owner.token ? await sha256Hex(owner.token) : "" };

  // The buyer the hoarding cap counts under (users/buyer-key.ts): an account's key, in SQL from its row;
  // a guest's from the email given (none: the email check below refuses before the tally matters).
  const buyerForTally = principal ? { userId: principal.id } : { key: input.email ? buyerKey(null, input.email) : "" };

  if (soldOutHeardRecently(now)) {
    const replayed = await knownLoser(deps, selector, idem, now);
    if (replayed) return { response: replayed, replayed: true };
  }

  // D1 round trip 1: everything checkout reads, each statement built once per isolate (db/batch.ts).
  const [cartRows, lineRows, discountRows, useRows, stored, account, byBuyer, byClient] = await batch(db, [
    ...cartReads(db, selector, customerKey, now),
    storedResponseQuery(db, idem?.id ?? ""),
    accountEmailQuery(db, principal?.id ?? ""),
    ...hoardingTallies(db, buyerForTally, clientKey, now),
  ]);
  const replayed = idem ? replayOf(stored[0], idem.requestHash, now) : null;
  if (replayed) return { response: replayed, replayed: true };
  const { cart, built } = sellableCart(fromCartReads([cartRows, lineRows, discountRows, useRows], config, customerKey, now));
  const email = buyerEmail(account[0]?.email, input);
  // An account and guests giving its email are one buyer, for every per-buyer limit (discount uses, hoarding, max_per_customer).
  const buyer = buyerKey(principal ? { id: principal.id, email: account[0]?.email ?? null } : null, email);
  assertUnderHoardingCaps(env, [byBuyer, byClient], now);
  const orderId = await orderIdFor(idem);
  const lines = built.lines.map((l) => ({ variantId: l.variant.variant_id, qty: l.item.quantity, maxPerCustomer: l.variant.max_per_customer }));

  // Held for the shortest of the variants' hold_seconds and RESERVATION_TTL_SECONDS (inventory/hold-time.ts).
  const ttlMs = holdTtlMs(env, built.lines.map((l) => l.variant.hold_seconds));
  const hold = await holdOrder(env, orderId, lines, ttlMs, {
    buyer,
    refuseKnownShort: true,
  }).catch((err: unknown) => {
    // The key's earlier attempt was undone (its hold released): the same key cannot hold again.
    if (idem && err instanceof AppError && err.code === "hold_released") {
      throw new AppError(409, "idempotency_conflict", "This Idempotency-Key belongs to an attempt that failed and was undone; retry with a new key");
    }
    throw err;
  });
  const undo: Array<() => Promise<unknown>> = [() => releaseOrder(env, orderId, lines)];
  try {
    const discount = built.discount;
    if (discount) {
      if (!(await redeemDiscount(deps, discount.id, buyer, orderId))) {
        throw unprocessable("discount_exhausted", "This discount code has no uses left for you", { code: discount.code });
      }
      undo.push(() => releaseDiscount(deps, discount.id, orderId));
    }
    const orderToken = principal ? null : randomToken(32);
    const order: OrderRow = {
      id: orderId,
      number: "",
      userId: principal?.id ?? null,
      email,
      orderTokenHash: orderToken ? await sha256Hex(orderToken) : null,
      status: "pending_payment",
      paymentStatus: "unpaid",
      currency: built.body.currency,
      subtotal: built.body.subtotal,
      discount: built.body.discount,
      shipping: built.body.shipping,
      tax: built.body.tax,
      total: built.body.total,
      refundedAmount: 0,
      discountId: discount?.id ?? null,
      discountCode: discount ? built.body.discount_code : null,
      shippingAddress: input.shipping_address,
      billingAddress: input.billing_address ?? null,
      shippingMethod: input.shipping_method,
      notes: input.notes ?? null,
      trackingNumber: null,
      reservationExpiresAt: hold.expires_at,
      buyerKey: buyer,
      clientKey,
      paidAt: null,
      paidPaymentId: null,
      createdAt: now,
      updatedAt: now,
    };
    const items = built.lines
      .map((l) => ({
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
      }))
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    const event = {
      id: newId(),
      orderId,
      fromStatus: null,
      toStatus: "pending_payment",
      actorId: principal?.id ?? null,
      actorRole: principal ? "customer" : "guest",
      note: null,
      createdAt: now,
    };

    for (let attempt = 1; ; attempt++) {
      const numbered = { ...order, number: newOrderNumber() };
      const view = orderViewOf(numbered, items, [event]);
      const response: StoredResponse = { status: 201, body: JSON.stringify(orderToken ? { ...view, order_token: orderToken } : view) };
      const message = statusEmail(env, numbered, items, null);
      try {
        // D1 round trip 2 (3 with a code): the whole order at once, or nothing.
        const results = await db.batch([
          db.insert(orders).values(numbered),
          ...chunk(items, ITEMS_PER_STATEMENT).map((part) => db.insert(orderItems).values(part)),
          db.insert(orderEvents).values(event),
          emailIntentInsert(db, message),
          ...(idem ? [doneRecordInsert(db, idem, response, now)] : []),
          clearCartLines(db, cart.id),
          touchCart(db, cart, config.idleMs, { discountId: null }).returning(),
        ]);
        await afterOrder(deps, owner, (results.at(-1) as CartRow[])[0], message);
        return { response, replayed: false };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const numberClash = isUniqueViolationOn(err, "orders.number");
        if (numberClash && attempt < NUMBER_ATTEMPTS) continue;
        if (idem && !numberClash) {
          // The key's order exists already (a concurrent twin won): answer what it answered, touch nothing of its.
          undo.length = 0;
          const [[first]] = await batch(db, [storedResponseQuery(db, idem.id)]);
          const again = replayOf(first, idem.requestHash);
          if (again) return { response: again, replayed: true };
          throw new AppError(409, "idempotency_conflict", "This Idempotency-Key was already used for an order");
        }
        throw err;
      }
    }
  } catch (err) {
    for (const step of undo.reverse()) {
      await step().catch((e: unknown) => log("error", "checkout.compensation_failed", { order_id: orderId, error: String(e) }));
    }
    throw err;
  }
}

/**
 * After the batch, never failing the order: the emptied cart's view into KV (one put, before the
 * response, so the buyer's next cart read shows it empty) and the email onto its queue (after the
 * response: its intent is already in D1, and the cron queues it if this send is lost).
 */
async function afterOrder(deps: Deps, owner: CartOwner, touched: CartRow | undefined, message: EmailMessage): Promise<void> {
  deps.defer(
    queueEmail(deps.env, message).catch((err: unknown) => log("error", "order.email_queue_failed", { key: message.key, error: String(err) })),
  );
  if (!touched) return;
  const config = cartConfig(deps.env);
  try {
    // Empty and without a code: the view needs no read, and no price (so no pricing version either).
    const entry = entryOf(touched, computeCart(touched, [], undefined, null, config), ANY_PRICING);
    await storeEntry(deps, await cacheKeyFor(owner), touched.id, entry, config, customerKeyOf(owner));
  } catch (err) {
    log("warn", "checkout.cart_view_failed", { cart_id: touched.id, error: String(err) });
  }
}
