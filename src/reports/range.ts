import type { ReportWindow } from "../orders/report-reads";
import type { ReportRange } from "./schemas";

const DAY_MS = 86_400_000;

/** The orders of an inclusive day range in one currency: [start of `from`, start of the day after `to`). */
export function reportWindow(range: ReportRange, currency: string): ReportWindow {
  return { currency, start: Date.parse(`${range.from}T00:00:00Z`), end: Date.parse(`${range.to}T00:00:00Z`) + DAY_MS };
}
