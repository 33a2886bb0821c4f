import { type CellObject, utils, type WorkSheet, write } from "xlsx";
import { currencyExponent } from "../lib/money";
import { majorUnits } from "./format";
import { type Cell, type Column, headerOf, type ReportTable } from "./table";

/** Days between Excel's epoch (1899-12-30, with its 1900 leap-year quirk) and 1970-01-01. */
const EXCEL_EPOCH_OFFSET_DAYS = 25_569;
const excelSerial = (ms: number) => ms / 86_400_000 + EXCEL_EPOCH_OFFSET_DAYS;

function cellOf(value: Cell, column: Column, currency: string): CellObject | null {
  if (value === null) return null;
  if (typeof value === "string") return { t: "s", v: value };
  switch (column.type) {
    case "money": {
      const digits = currencyExponent(currency);
      return { t: "n", v: majorUnits(value, currency), z: digits > 0 ? `#,##0.${"0".repeat(digits)}` : "#,##0" };
    }
    case "date":
      // A number with a date format is what Excel itself stores: it sorts, filters and reads back as a date.
      return { t: "n", v: excelSerial(value), z: "yyyy-mm-dd hh:mm" };
    case "int":
      return { t: "n", v: value, z: "#,##0" };
    case "text":
      return { t: "s", v: String(value) };
  }
}

/** One sheet: title and period on top, then the typed header row, the rows and a totals row. */
export function renderXlsx(table: ReportTable): Uint8Array {
  const sheet: WorkSheet = {};
  const put = (r: number, c: number, cell: CellObject | null) => {
    if (cell) sheet[utils.encode_cell({ r, c })] = cell;
  };
  put(0, 0, { t: "s", v: table.title });
  put(1, 0, { t: "s", v: table.period });
  const headerRow = 3;
  table.columns.forEach((col, c) => put(headerRow, c, { t: "s", v: headerOf(col, table.currency) }));
  const body = table.totals ? [...table.rows, table.totals] : table.rows;
  body.forEach((row, i) => {
    row.forEach((value, c) => put(headerRow + 1 + i, c, cellOf(value, table.columns[c]!, table.currency)));
  });
  const lastRow = headerRow + body.length;
  const lastCol = table.columns.length - 1;
  sheet["!ref"] = utils.encode_range({ s: { r: 0, c: 0 }, e: { r: lastRow, c: lastCol } });
  sheet["!cols"] = table.columns.map((c) => ({ wch: c.width }));
  const lastDataRow = lastRow - (table.totals ? 1 : 0);
  sheet["!autofilter"] = { ref: utils.encode_range({ s: { r: headerRow, c: 0 }, e: { r: lastDataRow, c: lastCol } }) };

  const book = utils.book_new();
  utils.book_append_sheet(book, sheet, table.report);
  return new Uint8Array(write(book, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer);
}
