import { actorOf } from "../audit/actor";
import type { AppRouteHandler } from "../lib/openapi";
import { exportFile, fileNameOf, getExport, requestExport, toExportView } from "./exports";
import { productsReport } from "./products";
import type * as routes from "./reports.routes";
import { salesReport } from "./sales";

/** The API's mount point, read off the request (importing it from app.ts would be a cycle). */
const apiBase = (path: string) => path.slice(0, path.indexOf("/admin/"));

export const getSalesReport: AppRouteHandler<typeof routes.getSalesReport> = async (c) =>
  c.json(await salesReport(c.var.deps, c.req.valid("query"), c.env.CURRENCY), 200);

export const getProductsReport: AppRouteHandler<typeof routes.getProductsReport> = async (c) =>
  c.json(await productsReport(c.var.deps, c.req.valid("query"), c.env.CURRENCY), 200);

export const createExport: AppRouteHandler<typeof routes.createExport> = async (c) => {
  const row = await requestExport(c.var.deps, c.req.valid("json"), actorOf(c));
  const view = toExportView(row, apiBase(c.req.path));
  c.header("Location", `${apiBase(c.req.path)}/admin/reports/exports/${row.id}`);
  return c.json(view, 202);
};

export const readExport: AppRouteHandler<typeof routes.readExport> = async (c) =>
  c.json(toExportView(await getExport(c.var.deps, c.req.valid("param").id), apiBase(c.req.path)), 200);

export const downloadExport: AppRouteHandler<typeof routes.downloadExport> = async (c) => {
  const { row, body } = await exportFile(c.var.deps, c.req.valid("param").id);
  return new Response(body.body, {
    headers: {
      "Content-Type": body.httpMetadata?.contentType ?? "application/octet-stream",
      "Content-Length": String(body.size),
      "Content-Disposition": `attachment; filename="${fileNameOf(row)}"`,
      "Cache-Control": "private, no-store",
    },
  });
};
