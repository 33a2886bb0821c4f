/**
 * One buyer, however they spell their email: lower-cased, trimmed, and a "+tag" dropped from the
 * local part ("Ana+sale@Example.com" and "ana@example.com" are one buyer). Used as the key of
 * per-buyer purchase limits for guests (a customer is keyed by account id).
 */
export function normalizeEmail(email: string): string {
  const lowered = email.trim().toLowerCase();
  const at = lowered.lastIndexOf("@");
  if (at <= 0) return lowered;
  const local = lowered.slice(0, at);
  const plus = local.indexOf("+");
  return `${plus > 0 ? local.slice(0, plus) : local}${lowered.slice(at)}`;
}
