/** Computes a cart's view from D1: live prices and availability, the code's validity, the totals. */
import { eq } from "drizzle-orm";
import type { SellableVariant } from "../catalog/sellable";
import type { ReadDeps } from "../env";
import { cartItems } from "../db/schema";
import { type DiscountContext, type DiscountReason, type DiscountRow, discountProblem, inScope, nextTimeBoundary } from "../discounts/rules";
import { customerUses } from "../discounts/service";
import { buyerKeyForUser } from "../users/buyer-key";
import type { CartRow } from "./carts";
import type { CartConfig } from "./config";
import type { CartBody } from "./schemas";
import { linesQuery, toLines } from "./snapshot";
import { computeTotals, lineTotal, type PricedLine } from "./totals";

export type CartItemRow = typeof cartItems.$inferSelect;

export interface CartLine {
  item: CartItemRow;
  variant: SellableVariant;
}

/** A line counts toward totals only if it can be sold, in the cart's currency. */
export const isPriceable = (line: CartLine, currency: string) =>
  line.variant.sellable && line.variant.currency === currency;

/** One query: the cart's lines with their live variants. */
export async function loadLines(deps: ReadDeps, cartId: string): Promise<CartLine[]> {
  const { db } = deps;
  return toLines(await linesQuery(db, eq(cartItems.cartId, cartId)));
}

export function discountContext(
  lines: CartLine[],
  discount: DiscountRow | undefined,
  currency: string,
  customerUseCount: number | null,
  now = Date.now(),
): DiscountContext {
  const eligible = discount ? lines.filter((l) => isPriceable(l, currency) && inScope(discount, l.variant)) : [];
  return {
    now,
    eligibleSubtotal: eligible.reduce((sum, l) => sum + lineTotal({ unitPrice: l.variant.unit_price, quantity: l.item.quantity }), 0),
    hasEligibleLines: eligible.length > 0,
    customerUses: customerUseCount,
  };
}

/**
 * Earlier uses by this customer (under their buyer key, so guest orders with their email count), only
 * when the code limits them (saves queries otherwise). Guests are checked at checkout, by email.
 */
export async function usesFor(deps: ReadDeps, discount: DiscountRow | undefined, userId: string | null): Promise<number | null> {
  const { db } = deps;
  if (!discount || discount.perCustomerLimit === null || userId === null) return null;
  return customerUses(deps, discount.id, await buyerKeyForUser(db, userId));
}

/** What a guest with no cart sees: nothing in it, no token until the first write makes one. */
export function emptyCart(config: CartConfig): CartBody {
  return { items: [], discount_code: null, ...computeTotals([], null, config.pricing), currency: config.currency };
}

export interface BuiltCart {
  body: CartBody;
  /** The code that applies, if any (checkout redeems it). */
  discount: DiscountRow | null;
  lines: CartLine[];
  /** When the view may change with no write (cart idle expiry, a code's start or end). */
  changesAt: number | null;
}

/** The view from rows already read (see snapshot.ts): no I/O. `uses` is null unless the code limits them per customer. */
export function computeCart(
  cart: CartRow,
  lines: CartLine[],
  held: DiscountRow | undefined,
  uses: number | null,
  config: CartConfig,
  now = Date.now(),
): BuiltCart {
  const problem: DiscountReason | null = held ? discountProblem(held, discountContext(lines, held, config.currency, uses, now)) : null;
  const applied = held && !problem ? held : null;

  const priced: PricedLine[] = lines
    .filter((l) => isPriceable(l, config.currency))
    .map((l) => ({
      unitPrice: l.variant.unit_price,
      quantity: l.item.quantity,
      eligible: applied ? inScope(applied, l.variant) : false,
    }));
  const totals = computeTotals(priced, applied ? { type: applied.type, value: applied.value } : null, config.pricing);

  const boundaries = [cart.expiresAt, held ? nextTimeBoundary(held, now) : null].filter((t): t is number => t !== null);
  return {
    body: {
      items: lines.map(({ item, variant }) => ({
        id: item.id,
        variant_id: variant.variant_id,
        sku: variant.sku,
        name: variant.name,
        size: variant.size,
        color: variant.color,
        quantity: item.quantity,
        unit_price: variant.unit_price,
        unit_price_seen: item.unitPriceSeen,
        price_changed: variant.unit_price !== item.unitPriceSeen,
        available: variant.available,
        sellable: isPriceable({ item, variant }, config.currency),
      })),
      discount_code: applied?.code ?? null,
      ...(problem ? { discount_reason: problem } : {}),
      ...totals,
      currency: config.currency,
    },
    discount: applied,
    lines,
    changesAt: boundaries.length ? Math.min(...boundaries) : null,
  };
}
