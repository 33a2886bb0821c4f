import { and, eq, inArray } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { reportExports } from "../db/schema";
import type { DbDeps, Env } from "../env";
import { log } from "../lib/log";
import { retryDelaySeconds } from "../lib/queue-retry";
import { buildExport, PermanentExportError } from "./build-export";
import { CONTENT_TYPES, fileNameOf, type ExportRow } from "./exports";
import type { ExportMessage } from "./export-message";
import { exportRequestSchema } from "./schemas";

/** Deliveries before a transient failure is recorded as failed (wrangler.toml: max_retries = 3). */
const EXPORT_MAX_ATTEMPTS = 4;

const setStatus = (db: Db, id: string, values: Partial<typeof reportExports.$inferInsert>) =>
  db.update(reportExports).set({ ...values, updatedAt: Date.now() }).where(eq(reportExports.id, id));

async function run(deps: DbDeps, row: ExportRow): Promise<void> {
  const { env, db } = deps;
  const request = exportRequestSchema.safeParse({ ...(row.params as object), report: row.report, format: row.format });
  if (!request.success) throw new PermanentExportError(`Invalid export parameters: ${request.error.issues[0]?.message}`);
  const { bytes, rowCount } = await buildExport(deps, request.data, env.CURRENCY, new Date());
  // Keyed by export id: a retried build overwrites its own file, never another's.
  const key = `reports/${row.id}/${fileNameOf(row)}`;
  await env.EXPORTS.put(key, bytes, {
    httpMetadata: { contentType: CONTENT_TYPES[request.data.format] },
    customMetadata: { export_id: row.id, requested_by: row.requestedBy },
  });
  await setStatus(db, row.id, { status: "done", r2Key: key, rowCount, byteSize: bytes.byteLength, error: null, completedAt: Date.now() });
}

/**
 * Consumes EXPORT_QUEUE. Idempotent by export id: a message for a done or failed export is acked
 * untouched. A transient failure retries with backoff; a permanent one, or the last attempt, is
 * recorded as failed with its error (acked, so the job's row is where an operator looks).
 */
export async function consumeExportBatch(batch: MessageBatch<ExportMessage>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  for (const message of batch.messages) {
    const id = message.body?.export_id;
    const claimed = id
      ? await db
          .update(reportExports)
          .set({ status: "running", updatedAt: Date.now() })
          .where(and(eq(reportExports.id, id), inArray(reportExports.status, ["queued", "running"])))
          .returning()
      : [];
    const row = claimed[0];
    if (!row) {
      log("info", "export.skipped", { export_id: id, message_id: message.id });
      message.ack();
      continue;
    }
    try {
      await run({ env, db }, row);
      log("info", "export.done", { export_id: row.id, report: row.report, format: row.format });
      message.ack();
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (err instanceof PermanentExportError || message.attempts >= EXPORT_MAX_ATTEMPTS) {
        await setStatus(db, row.id, { status: "failed", error, completedAt: Date.now() });
        log("error", "export.failed", { export_id: row.id, attempts: message.attempts, error });
        message.ack();
      } else {
        await setStatus(db, row.id, { status: "queued", error });
        log("warn", "export.retry", { export_id: row.id, attempts: message.attempts, error });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }
  }
}

/** An export whose messages all died (the consumer crashed or timed out each time) must not stay queued forever. */
export async function failDeadLetteredExports(batch: MessageBatch<ExportMessage>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  for (const message of batch.messages) {
    const id = message.body?.export_id;
    if (!id) continue;
    await db
      .update(reportExports)
      .set({ status: "failed", error: `Gave up after ${message.attempts} attempts`, completedAt: Date.now(), updatedAt: Date.now() })
      .where(and(eq(reportExports.id, id), inArray(reportExports.status, ["queued", "running"])));
  }
}
