import { eq } from "drizzle-orm";
import type { Actor } from "../audit/actor";
import { auditStatement, changedFields } from "../audit/record";
import { reportExports } from "../db/schema";
import type { DbDeps, ReadDeps } from "../env";
import { AppError, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { iso, isoOrNull } from "../lib/time";
import type { ExportFormat, ExportRequest, ExportView } from "./schemas";

export type ExportRow = typeof reportExports.$inferSelect;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export const fileNameOf = (row: Pick<ExportRow, "report" | "format" | "params">) => {
  const p = row.params as { from?: string; to?: string };
  return `${row.report}-${p.from ?? ""}-${p.to ?? ""}.${row.format}`;
};

export function toExportView(row: ExportRow, basePath: string): ExportView {
  return {
    id: row.id,
    report: row.report,
    format: row.format,
    status: row.status,
    params: row.params as Record<string, unknown>,
    error: row.error,
    row_count: row.rowCount,
    byte_size: row.byteSize,
    requested_by: row.requestedBy,
    created_at: iso(row.createdAt),
    completed_at: isoOrNull(row.completedAt),
    download_url: row.status === "done" ? `${basePath}/admin/reports/exports/${row.id}/download` : null,
  };
}

/** Records the job, then queues its id: the consumer reads everything else from the row. */
export async function requestExport(deps: DbDeps, request: ExportRequest, actor: Actor): Promise<ExportRow> {
  const { env, db } = deps;
  const { report, format, ...params } = request;
  const id = newId();
  const [[row]] = await db.batch([
    db.insert(reportExports).values({ id, report, format, params, requestedBy: actor.id }).returning(),
    auditStatement(db, actor, "create", "export", id, changedFields(null, { report, format, params })),
  ]);
  if (!row) throw new Error("insert returned no row");
  await env.EXPORT_QUEUE.send({ export_id: row.id }, { contentType: "json" });
  return row;
}

export async function getExport(deps: ReadDeps, id: string): Promise<ExportRow> {
  const { db } = deps;
  const [row] = await db.select().from(reportExports).where(eq(reportExports.id, id)).limit(1);
  if (!row) throw notFound("Export");
  return row;
}

/** The finished file from R2; a job not done yet is a 409 the client can poll past. */
export async function exportFile(deps: DbDeps, id: string): Promise<{ row: ExportRow; body: R2ObjectBody }> {
  const { env } = deps;
  const row = await getExport(deps, id);
  if (row.status !== "done" || !row.r2Key) {
    throw new AppError(409, "export_not_ready", `The export is ${row.status}, not done`, { status: row.status });
  }
  const body = await env.EXPORTS.get(row.r2Key);
  if (!body) throw notFound("Export file");
  return { row, body };
}
