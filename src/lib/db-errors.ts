import { conflict } from "./errors";

/** D1 surfaces constraint failures as messages; a unique index is how we detect duplicates without a racy read. */
const errorText = (err: unknown) => `${String(err)} ${String((err as { cause?: unknown })?.cause ?? "")}`;

export function isUniqueViolation(err: unknown): boolean {
  return errorText(err).includes("UNIQUE constraint failed");
}

/** A unique violation on this column (`table.column`, as SQLite names it). */
export function isUniqueViolationOn(err: unknown, column: string): boolean {
  return isUniqueViolation(err) && errorText(err).includes(column);
}

/** A `.catch` handler for a write that a unique index guards: a duplicate is a 409 naming the field, anything else goes on. */
export const conflictOnDuplicate =
  (message: string, field: string) =>
  (err: unknown): never => {
    if (isUniqueViolation(err)) throw conflict(message, { field });
    throw err;
  };
