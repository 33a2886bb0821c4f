// The /node build zips with fflate's streaming, in-thread deflate (node:stream, nodejs_compat); the
// /universal one hands files over 160 KB to a Web Worker, which workerd does not have.
import writeXlsxFile, { type Cell as XlsxCell, type SheetData } from "write-excel-file/node";
import { currencyExponent } from "../lib/money";
import { majorUnits } from "../lib/money";
import { type Cell, type Column, headerOf, type ReportTable } from "./table";

function cellOf(value: Cell, column: Column, currency: string): XlsxCell {
  if (value === null) return null;
  if (typeof value === "string") return { value, type: String };
  switch (column.type) {
    case "money": {
      const digits = currencyExponent(currency);
      return { value: majorUnits(value, currency), type: Number, format: digits > 0 ? `#,##0.${"0".repeat(digits)}` : "#,##0" };
    }
    case "date":
      // A date cell (a number with a date format, as Excel stores it): it sorts, filters and reads back as a date.
      return { value: new Date(value), type: Date, format: "yyyy-mm-dd hh:mm" };
    case "int":
      return { value, type: Number, format: "#,##0" };
    case "text":
      return { value: String(value), type: String };
  }
}

/** One sheet: title and period on top, then the bold header row (kept in view), the rows and a bold totals row. */
export async function renderXlsx(table: ReportTable): Promise<Uint8Array> {
  const header = table.columns.map((col): XlsxCell => ({ value: headerOf(col, table.currency), type: String, fontWeight: "bold" }));
  const row = (values: Cell[], bold: boolean) =>
    values.map((value, c) => {
      const cell = cellOf(value, table.columns[c]!, table.currency);
      return bold && cell !== null && typeof cell === "object" && !(cell instanceof Date) ? { ...cell, fontWeight: "bold" as const } : cell;
    });
  const data: SheetData = [
    [{ value: table.title, type: String, fontWeight: "bold" }],
    [{ value: table.period, type: String }],
    [],
    header,
    ...table.rows.map((r) => row(r, false)),
    ...(table.totals ? [row(table.totals, true)] : []),
  ];
  const buffer = await writeXlsxFile(data, {
    sheet: table.report,
    columns: table.columns.map((c) => ({ width: c.width })),
    stickyRowsCount: 4,
  }).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
