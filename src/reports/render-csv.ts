import { isoDateTime, plainAmount } from "./format";
import { type Cell, type Column, headerOf, type ReportTable } from "./table";

/**
 * OWASP's CSV-injection rule: a text cell starting with =, +, -, @, tab or CR would be read by a
 * spreadsheet as a formula (e.g. a seller's product named `=HYPERLINK(...)`), so it gets a leading
 * single quote and stays text. Money and dates never pass here, so negative amounts stay numbers.
 */
function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, and its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function fieldOf(cell: Cell, column: Column, currency: string): string {
  if (cell === null) return "";
  if (typeof cell === "number" && column.type === "money") return plainAmount(cell, currency);
  if (typeof cell === "number" && column.type === "date") return isoDateTime(cell);
  return csvField(neutralizeFormula(String(cell)));
}

/** CSV with CRLF line ends (RFC 4180), a header row, the rows and the totals row. */
export function renderCsv(table: ReportTable): Uint8Array {
  const line = (cells: Cell[]) => cells.map((c, i) => fieldOf(c, table.columns[i]!, table.currency)).join(",");
  const header = table.columns.map((c) => csvField(headerOf(c, table.currency)));
  const lines = [header.join(","), ...table.rows.map(line), ...(table.totals ? [line(table.totals)] : [])];
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
}
