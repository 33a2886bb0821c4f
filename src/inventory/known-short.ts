/**
 * What this isolate heard from stock objects in the last second: a variant's available count as of
 * its object's last answer. Checkout refuses a line asking for more than that without calling the
 * object again, so in a sold-out sale a loser costs no stock call either.
 *
 * Only a shortage is ever served from here, never availability: a line this says could be filled
 * still goes to the object, which decides. So the staleness is one-sided and bounded: a buyer may be
 * told "insufficient stock" for at most KNOWN_SHORT_MS after units come back (a release, an expiry,
 * a restock), and is never sold a unit that is not there.
 */
export const KNOWN_SHORT_MS = 1000;
const MAX_ENTRIES = 10_000;

const heard = new Map<string, { available: number; at: number }>();
/** When an object last answered that a variant had none left (any variant). */
let soldOutHeardAt = Number.NEGATIVE_INFINITY;

/** Records an object's answer (any reserve, won or refused, carries the state after it). */
export function noteAvailable(variantId: string, available: number, now = Date.now()): void {
  if (heard.size >= MAX_ENTRIES) {
    for (const [id, entry] of heard) if (now - entry.at >= KNOWN_SHORT_MS) heard.delete(id);
    if (heard.size >= MAX_ENTRIES) heard.clear();
  }
  heard.set(variantId, { available, at: now });
  if (available <= 0) soldOutHeardAt = now;
}

/**
 * Whether some variant was heard sold out within KNOWN_SHORT_MS: a flash sale's losing phase, when checkout
 * first reads a cart's lines alone to refuse a loser before its full read (orders/checkout.ts). Outside it,
 * nobody pays for that extra read.
 */
export function soldOutHeardRecently(now = Date.now()): boolean {
  return now - soldOutHeardAt < KNOWN_SHORT_MS;
}

/** The available count heard within KNOWN_SHORT_MS when it is below `qty`; null when the object must be asked. */
export function knownShort(variantId: string, qty: number, now = Date.now()): number | null {
  const entry = heard.get(variantId);
  if (!entry || now - entry.at >= KNOWN_SHORT_MS) return null;
  return entry.available < qty ? entry.available : null;
}

/** Tests: forget everything (the map is per isolate, so tests in one file share it). */
export function forgetKnownShort(): void {
  heard.clear();
  soldOutHeardAt = Number.NEGATIVE_INFINITY;
}
