import { type SQL, sql } from "drizzle-orm";
import { orders } from "../db/schema";
import type { GroupBy, ReportRange } from "./schemas";

const DAY_MS = 86_400_000;

/** Milliseconds bounds of an inclusive day range: [start of `from`, start of the day after `to`). */
export function rangeBounds(range: ReportRange): { start: number; end: number } {
  return { start: Date.parse(`${range.from}T00:00:00Z`), end: Date.parse(`${range.to}T00:00:00Z`) + DAY_MS };
}

/** The period label of an order's creation time, computed by SQLite (UTC). */
export function periodOf(groupBy: GroupBy): SQL<string> {
  const seconds = sql`${orders.createdAt} / 1000, 'unixepoch'`;
  switch (groupBy) {
    case "day":
      return sql<string>`strftime('%Y-%m-%d', ${seconds})`;
    case "week":
      // 'weekday 0' moves to the coming Sunday (or stays on one); six days back is that week's Monday.
      return sql<string>`date(${seconds}, 'weekday 0', '-6 days')`;
    case "month":
      return sql<string>`strftime('%Y-%m', ${seconds})`;
  }
}
