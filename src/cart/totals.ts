/**
 * Cart money, in one place. Pure functions over integer minor units (docs/ARCHITECTURE.md invariant 5).
 *
 * ONE rounding rule: every computed amount that is not already an integer (a percent discount,
 * a tax) is rounded half-up to the minor unit, once, at the point it is computed — never on
 * intermediate values, never per line. Integer arithmetic only (`divideHalfUp`), so no float drift.
 *
 *   subtotal  = Σ live unit_price × quantity over sellable lines            (exact)
 *   eligible  = the same sum over lines in the discount's scope (all lines when unscoped)
 *   discount  = percent:       half-up(eligible × value / 100)
 *               fixed:         min(value, eligible)
 *               free_shipping: 0 (shipping becomes 0)
 *   net       = subtotal − discount
 *   shipping  = 0 for an empty cart, a free_shipping code, or net ≥ FREE_SHIPPING_THRESHOLD; else SHIPPING_FLAT_RATE
 *   tax       = on net (goods after discount; shipping is not taxed)
 *               inclusive: half-up(net × bps / (10000 + bps))  — already inside net
 *               exclusive: half-up(net × bps / 10000)           — added on top
 *   total     = net + shipping (+ tax when exclusive)
 *
 * docs/MONEY.md is the reader's copy of this rule.
 */

export type DiscountType = "percent" | "fixed" | "free_shipping";

export interface PricedLine {
  unitPrice: number;
  quantity: number;
  /** Inside the applied discount's scope. */
  eligible: boolean;
}

export interface AppliedDiscount {
  type: DiscountType;
  value: number;
}

export interface PricingConfig {
  shippingFlatRate: number;
  freeShippingThreshold: number;
  taxRateBasisPoints: number;
  taxInclusive: boolean;
}

export interface Totals {
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
}

/** round(numerator / denominator), halves away from zero, for non-negative integers. */
export function divideHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || numerator < 0 || denominator <= 0) {
    throw new RangeError(`divideHalfUp needs non-negative safe integers, got ${numerator}/${denominator}`);
  }
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export function lineTotal(line: Pick<PricedLine, "unitPrice" | "quantity">): number {
  return line.unitPrice * line.quantity;
}

export function eligibleSubtotal(lines: PricedLine[]): number {
  return lines.reduce((sum, l) => sum + (l.eligible ? lineTotal(l) : 0), 0);
}

export function discountAmount(discount: AppliedDiscount | null, eligible: number): number {
  if (!discount) return 0;
  switch (discount.type) {
    case "percent":
      return Math.min(eligible, divideHalfUp(eligible * discount.value, 100));
    case "fixed":
      return Math.min(eligible, discount.value);
    case "free_shipping":
      return 0;
  }
}

export function taxAmount(net: number, config: Pick<PricingConfig, "taxRateBasisPoints" | "taxInclusive">): number {
  const bps = config.taxRateBasisPoints;
  return config.taxInclusive ? divideHalfUp(net * bps, 10_000 + bps) : divideHalfUp(net * bps, 10_000);
}

export function computeTotals(lines: PricedLine[], discount: AppliedDiscount | null, config: PricingConfig): Totals {
  const subtotal = lines.reduce((sum, l) => sum + lineTotal(l), 0);
  const off = discountAmount(discount, eligibleSubtotal(lines));
  const net = subtotal - off;
  const freeShipping =
    subtotal === 0 || discount?.type === "free_shipping" || net >= config.freeShippingThreshold;
  const shipping = freeShipping ? 0 : config.shippingFlatRate;
  const tax = taxAmount(net, config);
  const total = net + shipping + (config.taxInclusive ? 0 : tax);
  return { subtotal, discount: off, shipping, tax, total };
}
