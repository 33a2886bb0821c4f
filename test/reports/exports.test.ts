import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { strFromU8, unzipSync } from "fflate";
// The /web-worker build unzips in-thread (workerd has no Web Workers to hand large files to).
import { readSheet } from "read-excel-file/web-worker";
import worker from "../../src/index";
import { api, expectError, json } from "../helpers";
import { insertExport, userWithRole } from "../factories";
import { pdfText } from "../support/pdf-text";
import { salesFixture } from "./fixtures";

let admin: { token: string; userId: string };
let fx: Awaited<ReturnType<typeof salesFixture>>;
let report: Record<string, any>;

beforeAll(async () => {
  admin = await userWithRole("admin");
  fx = await salesFixture(2031);
  report = await json(await api(`/admin/reports/sales?from=${fx.from}&to=${fx.to}&group_by=day`, { token: admin.token }));
});

/** Requests an export and waits for the real local export queue to finish it. */
async function exportDone(body: Record<string, unknown>) {
  const res = await api("/admin/reports/exports", { token: admin.token, body });
  expect(res.status).toBe(202);
  const queued = await json(res);
  expect(queued).toMatchObject({ status: "queued", requested_by: admin.userId, download_url: null });
  expect(res.headers.get("Location")).toBe(`/api/v1/admin/reports/exports/${queued.id}`);
  return vi.waitFor(
    async () => {
      const view = await json(await api(`/admin/reports/exports/${queued.id}`, { token: admin.token }));
      if (view.status !== "done") throw new Error(`export is ${view.status}`);
      return view;
    },
    { timeout: 15_000, interval: 200 },
  );
}

async function download(view: Record<string, any>) {
  const res = await api(view.download_url.replace("/api/v1", ""), { token: admin.token });
  expect(res.status).toBe(200);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe("report exports", () => {
  it("builds an xlsx of the sales report whose typed cells match the report endpoint", async () => {
    const view = await exportDone({ report: "sales", format: "xlsx", from: fx.from, to: fx.to, group_by: "day" });
    expect(view).toMatchObject({ row_count: 3, error: null });
    const { res, bytes } = await download(view);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="sales-${fx.from}-${fx.to}.xlsx"`);

    const rows = (await readSheet(new Blob([bytes]))).slice(3);
    expect(rows[0]).toEqual(["Period", "Orders", "Units", "Gross (IDR)", "Discounts (IDR)", "Refunds (IDR)", "Net (IDR)", "Avg order value (IDR)"]);
    const figures = (p: Record<string, number>) => [p.orders, p.units, p.gross, p.discounts, p.refunds, p.net, p.average_order_value];
    // Numbers come back as numbers (typed cells), and the totals row is the report's totals.
    expect(rows.slice(1)).toEqual([
      ...report.periods.map((p: Record<string, any>) => [p.period, ...figures(p)]),
      ["Total", ...figures(report.totals)],
    ]);

    const files = unzipSync(bytes);
    const sheetXml = strFromU8(files["xl/worksheets/sheet1.xml"]!);
    const widths = [...sheetXml.matchAll(/<col [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([12, 9, 9, 16, 16, 16, 16, 18]);
    expect(strFromU8(files["xl/styles.xml"]!)).toContain('formatCode="#,##0"');
  });

  it("builds an xlsx of orders with date cells and money totals that match the csv", async () => {
    const xlsx = await exportDone({ report: "orders", format: "xlsx", from: fx.from, to: fx.to });
    const csv = await exportDone({ report: "orders", format: "csv", from: fx.from, to: fx.to });
    const rows = (await readSheet(new Blob([(await download(xlsx)).bytes]))).slice(3);
    const csvLines = new TextDecoder().decode((await download(csv)).bytes).trimEnd().split("\r\n").map((l) => l.split(","));
    expect(rows[0]).toEqual(csvLines[0]);
    expect(rows).toHaveLength(csvLines.length);
    for (const [i, row] of rows.slice(1, -1).entries()) {
      const line = csvLines[i + 1]!;
      expect(row[0]).toBe(line[0]);
      // Created: a real date cell, the csv's instant (to the float precision of Excel's day serial).
      expect(row[1]).toBeInstanceOf(Date);
      expect(Math.abs((row[1] as unknown as Date).getTime() - Date.parse(line[1]!))).toBeLessThan(1000);
      expect(row.slice(4)).toEqual(line.slice(4).map(Number));
    }
    const totals = rows.at(-1)!;
    expect(totals[0]).toBe("Total");
    expect(totals.slice(4)).toEqual(csvLines.at(-1)!.slice(4).map(Number));
    const subtotalColumn = rows.slice(1, -1).reduce((sum, r) => sum + (r[5] as number), 0);
    expect(totals[5]).toBe(subtotalColumn);
  });

  it("builds a pdf with the title, period and the report's figures", async () => {
    const view = await exportDone({ report: "sales", format: "pdf", from: fx.from, to: fx.to, group_by: "day" });
    const { res, bytes } = await download(view);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    const text = await pdfText(bytes);
    expect(text).toContain("Sales by day");
    expect(text).toContain(`Period: ${fx.from} to ${fx.to}`);
    expect(text).toContain("Net revenue by period");
    for (const p of report.periods) {
      expect(text).toContain(p.period);
      expect(text).toContain(p.net.toLocaleString("en-US"));
    }
    expect(text).toContain(report.totals.net.toLocaleString("en-US"));
    expect(text).toContain("Page 1 of 1");
  });

  it("builds a csv of every order in the range with RFC 4180 lines", async () => {
    const view = await exportDone({ report: "orders", format: "csv", from: fx.from, to: fx.to });
    const { res, bytes } = await download(view);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = new TextDecoder().decode(bytes).split("\r\n");
    expect(lines[0]).toBe("Number,Created,Status,Email,Units,Subtotal (IDR),Discount (IDR),Shipping (IDR),Total (IDR),Refunded (IDR)");
    expect(view.row_count).toBe(7); // the USD order is in another currency's book
    expect(lines.at(-1)).toBe("");
    expect(lines.at(-2)).toMatch(/^Total,,,,15,610000,23001,/);
  });

  it("answers 409 for a file not built yet and 404 for an unknown export", async () => {
    const res = await api("/admin/reports/exports", { token: admin.token, body: { report: "products", format: "csv", from: fx.from, to: fx.to } });
    const queued = await json(res);
    await expectError(await api(`/admin/reports/exports/${queued.id}/download`, { token: admin.token }), 409, "export_not_ready");
    await expectError(await api("/admin/reports/exports/nope", { token: admin.token }), 404, "not_found");
    await expectError(await api("/admin/reports/exports", { token: admin.token, body: { report: "sales", format: "docx", from: fx.from, to: fx.to } }), 400, "validation_error");
  });

  it("records an export that cannot be built as failed, and ignores a redelivery of a finished one", async () => {
    const row = await insertExport({ params: { from: "2031-03-31", to: "2031-03-01" }, requestedBy: admin.userId });
    const deliver = async () => {
      const batch = createMessageBatch("edge-commerce-exports", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { export_id: row.id } }]);
      await worker.queue(batch, env);
      return getQueueResult(batch, createExecutionContext());
    };
    expect((await deliver()).explicitAcks).toHaveLength(1);
    const failed = await json(await api(`/admin/reports/exports/${row.id}`, { token: admin.token }));
    expect(failed).toMatchObject({ status: "failed", download_url: null });
    expect(failed.error).toContain("from must not be after to");

    const result = await deliver();
    expect(result.explicitAcks).toHaveLength(1);
    expect(await json(await api(`/admin/reports/exports/${row.id}`, { token: admin.token }))).toMatchObject({ status: "failed" });
  });

  it("fails an export with more rows than its format can hold, naming a format that fits", async () => {
    // 5,001 orders in a window of their own, written by SQLite itself.
    const start = Date.parse("2032-06-01T00:00:00Z");
    await env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < 5000)
       INSERT INTO orders (id, number, email, status, currency, subtotal, total, shipping_address, created_at)
       SELECT 'bulk-' || i, 'BULK-' || i, 'bulk@example.com', 'delivered', 'IDR', 1000, 1000, '{}', ?1 + i * 1000 FROM seq`,
    )
      .bind(start)
      .run();
    const res = await api("/admin/reports/exports", { token: admin.token, body: { report: "orders", format: "pdf", from: "2032-06-01", to: "2032-06-01" } });
    const { id } = await json(res);
    const failed = await vi.waitFor(
      async () => {
        const view = await json(await api(`/admin/reports/exports/${id}`, { token: admin.token }));
        if (view.status !== "failed") throw new Error(`export is ${view.status}`);
        return view;
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(failed.error).toBe("5001 rows are too many for pdf (at most 5000); export xlsx or csv, or a shorter range");
    await expectError(await api(`/admin/reports/exports/${id}/download`, { token: admin.token }), 409, "export_not_ready");

    // The xlsx it names is built: a sheet far over the 160 KB a zip writer may hand to a Web Worker.
    const xlsx = await exportDone({ report: "orders", format: "xlsx", from: "2032-06-01", to: "2032-06-01" });
    expect(xlsx.row_count).toBe(5001);
    // Read with fflate's in-thread unzip: the reader's own would want a Web Worker for a file this size.
    const sheetXml = strFromU8(unzipSync((await download(xlsx)).bytes)["xl/worksheets/sheet1.xml"]!);
    const rowNumbers = [...sheetXml.matchAll(/<row [^>]*r="(\d+)"/g)].map((m) => Number(m[1]));
    expect(rowNumbers.at(-1)).toBe(4 + 5001 + 1); // title, period, blank, header, the orders, totals
    expect(sheetXml).toMatch(new RegExp(`<c r="I${4 + 5001 + 1}"[^>]*><v>${5001 * 1000}</v>`));
  });

  it("marks an export failed when its message reaches the dead-letter queue, and records the dead letter", async () => {
    const row = await insertExport({ params: { from: fx.from, to: fx.to }, requestedBy: admin.userId });
    const batch = createMessageBatch("edge-commerce-exports-dlq", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 4, body: { export_id: row.id } }]);
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toHaveLength(1);
    expect(await json(await api(`/admin/reports/exports/${row.id}`, { token: admin.token }))).toMatchObject({
      status: "failed",
      error: "Gave up after 4 attempts",
    });
    const letters = await json(await api("/admin/dead-letters?queue=edge-commerce-exports-dlq", { token: admin.token }));
    expect(letters.data.map((d: { body: unknown }) => d.body)).toContainEqual({ export_id: row.id });
  });
});
