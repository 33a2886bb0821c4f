/**
 * Whether a discount code may apply to a cart, as a pure function: the same rules answer
 * POST /cart/discount (as a 422 with the reason as its code) and every later view of the cart
 * (as `discount_reason`, the code dropped from the totals).
 */
import type { discounts } from "../db/schema";

export type DiscountRow = typeof discounts.$inferSelect;

/** Stable machine codes, one per way a code can fail. */
export const DISCOUNT_REASONS = {
  discount_invalid: "This discount code does not exist",
  discount_not_started: "This discount code is not active yet",
  discount_expired: "This discount code has expired",
  discount_exhausted: "This discount code has been fully used",
  discount_customer_limit: "You have already used this discount code as many times as allowed",
  discount_not_applicable: "This discount code does not apply to anything in the cart",
  discount_min_order: "The cart is below this code's minimum order",
} as const;
export type DiscountReason = keyof typeof DISCOUNT_REASONS;

export interface ScopedLine {
  product_id: string;
  store_id: string;
  category_id: string;
}

export function inScope(discount: Pick<DiscountRow, "scopeType" | "scopeId">, line: ScopedLine): boolean {
  switch (discount.scopeType) {
    case null:
      return true;
    case "store":
      return line.store_id === discount.scopeId;
    case "category":
      return line.category_id === discount.scopeId;
    case "product":
      return line.product_id === discount.scopeId;
  }
}

export interface DiscountContext {
  now: number;
  /** Sum of live line totals inside the code's scope. */
  eligibleSubtotal: number;
  hasEligibleLines: boolean;
  /** Earlier redemptions by this customer; null for a guest (checked at checkout by email). */
  customerUses: number | null;
}

/** The first rule the code breaks, or null when it applies. Order matters: the most basic reason wins. */
export function discountProblem(discount: DiscountRow | undefined, ctx: DiscountContext): DiscountReason | null {
  if (!discount || discount.deletedAt !== null) return "discount_invalid";
  if (discount.startsAt !== null && ctx.now < discount.startsAt) return "discount_not_started";
  if (discount.endsAt !== null && ctx.now >= discount.endsAt) return "discount_expired";
  if (discount.usageLimit !== null && discount.usedCount >= discount.usageLimit) return "discount_exhausted";
  if (discount.perCustomerLimit !== null && ctx.customerUses !== null && ctx.customerUses >= discount.perCustomerLimit) {
    return "discount_customer_limit";
  }
  if (!ctx.hasEligibleLines) return "discount_not_applicable";
  if (ctx.eligibleSubtotal < discount.minOrder) return "discount_min_order";
  return null;
}

/** The next moment the answer can change by the clock alone (a cached view must not outlive it). */
export function nextTimeBoundary(discount: DiscountRow, now: number): number | null {
  const times = [discount.startsAt, discount.endsAt].filter((t): t is number => t !== null && t > now);
  return times.length ? Math.min(...times) : null;
}
