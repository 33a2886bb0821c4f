import { currencyExponent } from "../lib/money";

/**
 * Stripe's own minor units: https://docs.stripe.com/currencies#zero-decimal. They differ from the
 * shop's where the shop counts whole units (IDR is exponent 0 here, but Stripe wants IDR × 100).
 */
const STRIPE_ZERO_DECIMAL = new Set([
  "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
]);
const STRIPE_THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);

function stripeExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (STRIPE_ZERO_DECIMAL.has(code)) return 0;
  if (STRIPE_THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** Shop minor units → Stripe's `amount`. */
export function toStripeAmount(amount: number, currency: string): number {
  const shift = stripeExponent(currency) - currencyExponent(currency);
  if (shift < 0) throw new Error(`${currency}: the shop counts finer units than Stripe accepts`);
  return amount * 10 ** shift;
}

/** Stripe's `amount` → shop minor units; null when it is not a whole shop unit (a mismatch by definition). */
export function fromStripeAmount(amount: number, currency: string): number | null {
  const factor = 10 ** (stripeExponent(currency) - currencyExponent(currency));
  return amount % factor === 0 ? amount / factor : null;
}

/** Midtrans sends gross_amount as a decimal string ("150000.00"); the shop only offers it for IDR (exponent 0). */
export function fromMidtransAmount(gross: string): number | null {
  const value = Number(gross);
  return Number.isSafeInteger(value) ? value : null;
}
