import type { ReportKind } from "./schemas";

/** How a column's values are typed in every format: money is integer minor units, dates are epoch ms (UTC). */
export type ColumnType = "text" | "int" | "money" | "date";
export type Cell = string | number | null;

export interface Column {
  header: string;
  type: ColumnType;
  /** Width in characters (xlsx) and relative share of the page (pdf). */
  width: number;
}

/** A report as a format-neutral table: every renderer (csv, xlsx, pdf) draws the same thing. */
export interface ReportTable {
  report: ReportKind;
  title: string;
  /** "2026-11-01 to 2026-11-30", plus any filter. */
  period: string;
  currency: string;
  columns: Column[];
  rows: Cell[][];
  totals: Cell[] | null;
  /** Bars for the pdf's chart (e.g. net revenue by period), in minor units. */
  chart: { title: string; bars: { label: string; value: number }[] } | null;
}

/** A column's header as every format prints it: money columns name their currency once, here. */
export const headerOf = (column: Column, currency: string) =>
  column.type === "money" ? `${column.header} (${currency})` : column.header;
