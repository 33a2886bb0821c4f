import type { ReadDeps } from "../env";
import { ordersTable } from "./orders-table";
import { productsReport } from "./products";
import { renderCsv } from "./render-csv";
import { renderPdf } from "./render-pdf";
import { renderXlsx } from "./render-xlsx";
import { productsTable, salesTable } from "./report-tables";
import { salesReport } from "./sales";
import { type ExportFormat, type ExportRequest, FORMATS } from "./schemas";
import type { ReportTable } from "./table";

/** A failure that a retry cannot fix: the export is marked failed at once. */
export class PermanentExportError extends Error {
  override name = "PermanentExportError";
}

/**
 * Rows a format can hold within a Worker's 128 MB: every renderer builds its file in memory.
 * Measured (bench/README.md): under a 128 MB heap, an xlsx (write-excel-file) of 60,000 orders completes
 * and 75,000 runs out of memory, 40,000 leaves ~73 MB in use; a csv of 100,000 orders about 60 MB.
 * Beyond a limit the export fails at once, naming a format that fits.
 */
const MAX_ROWS: Record<ExportFormat, number> = { csv: 100_000, xlsx: 40_000, pdf: 5_000 };

async function tableOf(deps: ReadDeps, request: ExportRequest, currency: string): Promise<ReportTable> {
  switch (request.report) {
    case "sales":
      return salesTable(await salesReport(deps, { ...request, group_by: request.group_by ?? "day" }, currency));
    case "products":
      return productsTable(await productsReport(deps, request, currency));
    case "orders":
      return ordersTable(deps, request, currency);
  }
}

/** Builds the file of an export request: the same figures the report endpoints answer with. */
export async function buildExport(deps: ReadDeps, request: ExportRequest, currency: string, now: Date) {
  const table = await tableOf(deps, request, currency);
  const limit = MAX_ROWS[request.format];
  if (table.rows.length > limit) {
    const fits = FORMATS.filter((f) => MAX_ROWS[f] >= table.rows.length);
    const advice = fits.length ? `; export ${fits.join(" or ")}, or a shorter range` : "; export a shorter range";
    throw new PermanentExportError(`${table.rows.length} rows are too many for ${request.format} (at most ${limit})${advice}`);
  }
  const bytes =
    request.format === "csv" ? renderCsv(table) : request.format === "xlsx" ? await renderXlsx(table) : await renderPdf(table, now);
  return { bytes, rowCount: table.rows.length };
}
