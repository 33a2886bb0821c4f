import { describe, expect, it } from "vitest";
import { computeTotals, discountAmount, divideHalfUp, type PricingConfig, taxAmount } from "../../src/cart/totals";

const config: PricingConfig = { shippingFlatRate: 20_000, freeShippingThreshold: 500_000, taxRateBasisPoints: 1100, taxInclusive: true };
const line = (unitPrice: number, quantity = 1, eligible = true) => ({ unitPrice, quantity, eligible });

describe("money: one rounding rule (half-up, integers only)", () => {
  it("rounds halves up and everything else to nearest", () => {
    expect(divideHalfUp(5, 2)).toBe(3);
    expect(divideHalfUp(249_999, 100_000)).toBe(2);
    expect(divideHalfUp(250_000, 100_000)).toBe(3);
    expect(divideHalfUp(0, 7)).toBe(0);
    expect(() => divideHalfUp(1.5, 2)).toThrow(RangeError);
  });

  it("computes a percent discount on the eligible subtotal, rounded half-up", () => {
    expect(discountAmount({ type: "percent", value: 10 }, 12_345)).toBe(1235); // 1234.5
    expect(discountAmount({ type: "percent", value: 15 }, 33_333)).toBe(5000); // 4999.95
    expect(discountAmount({ type: "percent", value: 15 }, 33_330)).toBe(5000); // 4999.5
    expect(discountAmount({ type: "percent", value: 33 }, 101)).toBe(33); // 33.33
    expect(discountAmount({ type: "percent", value: 100 }, 999)).toBe(999);
  });

  it("caps a fixed discount at the eligible subtotal; free shipping takes nothing off the goods", () => {
    expect(discountAmount({ type: "fixed", value: 5000 }, 12_000)).toBe(5000);
    expect(discountAmount({ type: "fixed", value: 50_000 }, 30_000)).toBe(30_000);
    expect(discountAmount({ type: "free_shipping", value: 0 }, 30_000)).toBe(0);
    expect(discountAmount(null, 30_000)).toBe(0);
  });

  it("takes inclusive tax out of the net and adds exclusive tax on top", () => {
    expect(taxAmount(100_000, config)).toBe(9910); // 9909.909…
    expect(taxAmount(100_000, { ...config, taxInclusive: false })).toBe(11_000);
    expect(taxAmount(12_345, { ...config, taxInclusive: false })).toBe(1358); // 1357.95
  });

  it("totals a cart: scope, shipping threshold after discount, inclusive and exclusive tax", () => {
    expect(computeTotals([line(33_333)], { type: "percent", value: 15 }, config)).toEqual({
      subtotal: 33_333,
      discount: 5000,
      shipping: 20_000,
      tax: 2808, // 28 333 × 1100 / 11 100 = 2807.77
      total: 48_333,
    });
    // Only the eligible line is discounted.
    expect(computeTotals([line(10_000, 2), line(5_000, 1, false)], { type: "percent", value: 50 }, config).discount).toBe(10_000);
    // The threshold compares the net after discount.
    expect(computeTotals([line(510_000)], { type: "fixed", value: 20_000 }, config).shipping).toBe(20_000);
    expect(computeTotals([line(500_000)], null, config).shipping).toBe(0);
    expect(computeTotals([line(100_000)], { type: "free_shipping", value: 0 }, config)).toEqual({
      subtotal: 100_000,
      discount: 0,
      shipping: 0,
      tax: 9910,
      total: 100_000,
    });
    expect(computeTotals([line(100_000)], null, { ...config, taxInclusive: false })).toEqual({
      subtotal: 100_000,
      discount: 0,
      shipping: 20_000,
      tax: 11_000,
      total: 131_000,
    });
    expect(computeTotals([], null, config)).toEqual({ subtotal: 0, discount: 0, shipping: 0, tax: 0, total: 0 });
  });
});
