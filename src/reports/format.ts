import { currencyExponent, majorUnits } from "../lib/money";

/** Plain decimal for csv: no grouping, always the currency's digits ("19.90"). */
export const plainAmount = (amount: number, currency: string) =>
  majorUnits(amount, currency).toFixed(currencyExponent(currency));

export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const isoDateTime = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
