import { asc, desc, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { CursorKey } from "./cursor";

export type Direction = "asc" | "desc";

/**
 * "After the cursor" as one row-value comparison, `(sort, id) > (?, ?)` (or `<` descending): SQLite turns it
 * into the start of the index range on (sort, id), so a page reads only its own rows.
 */
export function keysetAfter(sort: SQLWrapper, id: SQLWrapper, key: CursorKey, direction: Direction): SQL {
  const [value, tiebreak] = key;
  return sql`(${sort}, ${id}) ${sql.raw(direction === "asc" ? ">" : "<")} (${value}, ${tiebreak})`;
}

/** ORDER BY the sort column then the id, both one way, so one index on (sort, id) serves it. */
export function keysetOrder(sort: SQLWrapper, id: SQLWrapper, direction: Direction): SQL[] {
  const by = direction === "asc" ? asc : desc;
  return [by(sort), by(id)];
}
