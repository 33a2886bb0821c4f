import { createRoute, z } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { bearerSecurity, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { exportRequestSchema, exportViewSchema, productsQuery, productsReportSchema, salesQuery, salesReportSchema } from "./schemas";

const SALES_DESCRIPTION = `Per period (UTC) of the order's creation. Counted orders: paid, processing, shipped,
out_for_delivery, delivered, partially_refunded and refunded, in the shop's currency; pending_payment, cancelled and
expired orders are excluded. orders = counted orders; units = Σ order_items.quantity; gross = Σ order_items.line_total
(merchandise before discounts; shipping and tax excluded); discounts = Σ orders.discount; refunds = Σ
orders.refunded_amount (refunds issued so far); net = gross − discounts − refunds; average_order_value =
(gross − discounts) ÷ orders, half-up. With \`store\`, only that store's lines count (order_items.store_id) and each
order's discount and refunds are prorated by the store's share of its line totals, half-up per order. Money in minor units.`;

export const getSalesReport = createRoute({
  method: "get",
  path: "/admin/reports/sales",
  tags: ["Reports"],
  summary: "Sales by day, week or month (admin, staff)",
  description: SALES_DESCRIPTION,
  security: bearerSecurity,
  middleware: [requireRole("admin", "staff")] as const,
  request: { query: salesQuery },
  responses: { 200: jsonContent(salesReportSchema, "Sales report"), ...errorResponses },
});

export const getProductsReport = createRoute({
  method: "get",
  path: "/admin/reports/products",
  tags: ["Reports"],
  summary: "Best sellers, revenue by product and category, stock left (admin, staff)",
  description:
    "Over the same counted orders as the sales report. Revenue is Σ line_total (before order-level discounts and refunds); stock_left is the inventory read model's available units now.",
  security: bearerSecurity,
  middleware: [requireRole("admin", "staff")] as const,
  request: { query: productsQuery },
  responses: { 200: jsonContent(productsReportSchema, "Products report"), ...errorResponses },
});

export const createExport = createRoute({
  method: "post",
  path: "/admin/reports/exports",
  tags: ["Reports"],
  summary: "Queue a report export: xlsx, pdf or csv (admin, staff)",
  description:
    "Returns 202 at once; the export queue builds the file into R2. Poll GET /admin/reports/exports/{id} until status is done (or failed, with error). The orders report lists every order created in the range, any status.",
  security: bearerSecurity,
  middleware: [requireRole("admin", "staff")] as const,
  request: { body: jsonBody(exportRequestSchema) },
  responses: { 202: jsonContent(exportViewSchema, "Queued"), ...errorResponses },
});

export const readExport = createRoute({
  method: "get",
  path: "/admin/reports/exports/{id}",
  tags: ["Reports"],
  summary: "An export's status (admin, staff)",
  security: bearerSecurity,
  middleware: [requireRole("admin", "staff")] as const,
  request: { params: idParam },
  responses: { 200: jsonContent(exportViewSchema, "Export"), ...errorResponses },
});

export const downloadExport = createRoute({
  method: "get",
  path: "/admin/reports/exports/{id}/download",
  tags: ["Reports"],
  summary: "Download a finished export (admin, staff)",
  security: bearerSecurity,
  middleware: [requireRole("admin", "staff")] as const,
  request: { params: idParam },
  responses: {
    200: {
      description: "The file, with Content-Disposition naming it",
      content: {
        "text/csv": { schema: z.string() },
        "application/pdf": { schema: z.string().openapi({ format: "binary" }) },
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    409: errorContent("export_not_ready: the export is not done"),
    ...errorResponses,
  },
});
