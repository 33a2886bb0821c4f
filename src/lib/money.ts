/** ISO 4217 exponents that differ from 2 (as used in this shop: rupiah are whole units). */
const EXPONENTS: Record<string, number> = { IDR: 0, JPY: 0, KRW: 0, VND: 0, CLP: 0, BHD: 3, KWD: 3, JOD: 3 };

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** Minor units as a decimal in major units: 129900 IDR → 129900, 1999 USD → 19.99. */
export const majorUnits = (amount: number, currency: string) => amount / 10 ** currencyExponent(currency);

/** One formatter per exponent: `toLocaleString` with options builds a new one on every call. */
const formatters = new Map<number, Intl.NumberFormat>();

function formatterFor(exponent: number): Intl.NumberFormat {
  let formatter = formatters.get(exponent);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", { minimumFractionDigits: exponent, maximumFractionDigits: exponent });
    formatters.set(exponent, formatter);
  }
  return formatter;
}

/** "129,900" / "19.99": grouped, with the currency's digits (a report's pdf states the currency once, in the header). */
export function formatAmount(amount: number, currency: string): string {
  return formatterFor(currencyExponent(currency)).format(majorUnits(amount, currency));
}

/** "IDR 129,900" or "USD 19.99": unambiguous in every locale and printable in any PDF font. */
export const formatMoney = (amount: number, currency: string) => `${currency.toUpperCase()} ${formatAmount(amount, currency)}`;
