import { currencyExponent } from "../lib/money";

/** Minor units as a decimal in major units: 129900 IDR → 129900, 1999 USD → 19.99. */
export const majorUnits = (amount: number, currency: string) => amount / 10 ** currencyExponent(currency);

/** "129,900" / "19.99": the pdf's table states the currency once, in the header. */
export function formatAmount(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  return majorUnits(amount, currency).toLocaleString("en-US", {
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
}

/** Plain decimal for csv: no grouping, always the currency's digits ("19.90"). */
export const plainAmount = (amount: number, currency: string) =>
  majorUnits(amount, currency).toFixed(currencyExponent(currency));

export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const isoDateTime = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
