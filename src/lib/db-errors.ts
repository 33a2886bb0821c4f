/** D1 surfaces constraint failures as messages; a unique index is how we detect duplicates without a racy read. */
export function isUniqueViolation(err: unknown): boolean {
  const text = `${String(err)} ${String((err as { cause?: unknown })?.cause ?? "")}`;
  return text.includes("UNIQUE constraint failed");
}
