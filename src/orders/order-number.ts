/** Crockford base32 without I, L, O, U: nothing to misread aloud or on a phone screen. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * `ORD-20261123-7KQ2M`: the day, then 5 random characters (33.5 M per day). The unique index on
 * orders.number is what guarantees no collision; the caller retries on the rare clash.
 */
export function newOrderNumber(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, "");
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  const suffix = [...bytes].map((b) => ALPHABET[b % 32]).join("");
  return `ORD-${day}-${suffix}`;
}
