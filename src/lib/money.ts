/** ISO 4217 exponents that differ from 2 (as used in this shop: rupiah are whole units). */
const EXPONENTS: Record<string, number> = { IDR: 0, JPY: 0, KRW: 0, VND: 0, CLP: 0, BHD: 3, KWD: 3, JOD: 3 };

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** "IDR 129,900" or "USD 19.99": unambiguous in every locale and printable in any PDF font. */
export function formatMoney(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const value = (amount / 10 ** exponent).toLocaleString("en-US", {
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  return `${currency.toUpperCase()} ${value}`;
}
