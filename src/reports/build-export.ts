import type { Db } from "../db/client";
import { ordersTable } from "./orders-table";
import { productsReport } from "./products";
import { renderCsv } from "./render-csv";
import { renderPdf } from "./render-pdf";
import { renderXlsx } from "./render-xlsx";
import { productsTable, salesTable } from "./report-tables";
import { salesReport } from "./sales";
import type { ExportRequest } from "./schemas";
import type { ReportTable } from "./table";

/** A failure that a retry cannot fix: the export is marked failed at once. */
export class PermanentExportError extends Error {
  override name = "PermanentExportError";
}

/** pdf-lib holds the whole document in memory; beyond this, csv or xlsx is the right format. */
export const PDF_MAX_ROWS = 5000;

async function tableOf(db: Db, request: ExportRequest, currency: string): Promise<ReportTable> {
  switch (request.report) {
    case "sales":
      return salesTable(await salesReport(db, { ...request, group_by: request.group_by ?? "day" }, currency));
    case "products":
      return productsTable(await productsReport(db, request, currency));
    case "orders":
      return ordersTable(db, request, currency);
  }
}

/** Builds the file of an export request: the same figures the report endpoints answer with. */
export async function buildExport(db: Db, request: ExportRequest, currency: string, now: Date) {
  const table = await tableOf(db, request, currency);
  if (request.format === "pdf" && table.rows.length > PDF_MAX_ROWS) {
    throw new PermanentExportError(`${table.rows.length} rows are too many for a pdf (at most ${PDF_MAX_ROWS}); export csv or xlsx`);
  }
  const bytes =
    request.format === "csv" ? renderCsv(table) : request.format === "xlsx" ? renderXlsx(table) : await renderPdf(table, now);
  return { bytes, rowCount: table.rows.length };
}
