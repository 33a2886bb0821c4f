import { z } from "@hono/zod-openapi";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD")
  // Round-tripping rejects dates that Date.parse would roll over, such as 2030-02-30.
  .refine((s) => {
    const ms = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(s);
  }, "Not a calendar date");

const MAX_RANGE_DAYS = 3660;

const rangeFields = {
  from: day.openapi({ example: "2026-11-01", description: "First day, inclusive (UTC)" }),
  to: day.openapi({ example: "2026-11-30", description: "Last day, inclusive (UTC)" }),
};

/** The checks of an inclusive range of whole UTC days, added to any schema holding `from` and `to`. */
function checkedRange<T extends z.ZodObject<typeof rangeFields>>(schema: T): T {
  return schema
    .refine((r) => r.from <= r.to, { message: "from must not be after to", path: ["to"] })
    .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= MAX_RANGE_DAYS * 86_400_000, {
      message: `The range may span at most ${MAX_RANGE_DAYS} days`,
      path: ["to"],
    });
}

const rangeSchema = checkedRange(z.object(rangeFields));
export type ReportRange = z.infer<typeof rangeSchema>;

const GROUP_BY = ["day", "week", "month"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

const salesFields = {
  group_by: z.enum(GROUP_BY).default("day").openapi({
    description: "day = YYYY-MM-DD; week = the Monday starting the ISO week, YYYY-MM-DD; month = YYYY-MM (all UTC)",
  }),
  store: z.string().min(1).max(64).optional().openapi({ description: "Only lines of this store id" }),
};

export const salesQuery = checkedRange(z.object({ ...rangeFields, ...salesFields }));
export type SalesQuery = z.infer<typeof salesQuery>;

const money = (description: string) => z.number().int().openapi({ description });

const salesFigures = {
  orders: z.number().int().openapi({ description: "Orders placed in the period that count as sales" }),
  units: z.number().int().openapi({ description: "Sum of order_items.quantity" }),
  gross: money("Sum of order_items.line_total: merchandise before discounts; shipping and tax excluded"),
  discounts: money("Sum of orders.discount (with store: each order's discount prorated by the store's share of its lines)"),
  refunds: money("Sum of orders.refunded_amount, refunds issued so far (with store: prorated like discounts)"),
  net: money("gross − discounts − refunds"),
  average_order_value: money("(gross − discounts) ÷ orders, rounded half-up to the minor unit; 0 with no orders"),
};

const salesRowSchema = z.object({ period: z.string().openapi({ example: "2026-11-16" }), ...salesFigures });
export type SalesRow = z.infer<typeof salesRowSchema>;

export const salesReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    group_by: z.enum(GROUP_BY),
    store: z.string().nullable(),
    currency: z.string(),
    periods: z.array(salesRowSchema).openapi({ description: "Periods with at least one order, oldest first" }),
    totals: z.object(salesFigures),
  })
  .openapi("SalesReport");
export type SalesReport = z.infer<typeof salesReportSchema>;

export const productsQuery = rangeSchema;

const productRow = z.object({
  product_id: z.string(),
  name: z.string().openapi({ description: "Name as sold (snapshot on the order line)" }),
  units: z.number().int(),
  revenue: money("Sum of line totals, before order-level discounts and refunds"),
  stock_left: z.number().int().openapi({ description: "Available units now, summed over the product's live variants" }),
});
export type ProductRow = z.infer<typeof productRow>;

const categoryRow = z.object({
  category_id: z.string().nullable(),
  name: z.string().openapi({ description: "Current category name; 'Uncategorized' for lines without one" }),
  units: z.number().int(),
  revenue: money("Sum of line totals, before order-level discounts and refunds"),
});
export type CategoryRow = z.infer<typeof categoryRow>;

export const productsReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    best_sellers: z.array(productRow).openapi({ description: "Top 10 by units, then revenue" }),
    products: z.array(productRow).openapi({ description: "Revenue by product, highest first (at most 500)" }),
    categories: z.array(categoryRow).openapi({ description: "Revenue by category, highest first" }),
  })
  .openapi("ProductsReport");
export type ProductsReport = z.infer<typeof productsReportSchema>;

export const REPORTS = ["sales", "products", "orders"] as const;
export const FORMATS = ["xlsx", "pdf", "csv"] as const;
export type ReportKind = (typeof REPORTS)[number];
export type ExportFormat = (typeof FORMATS)[number];

/** The parameters an export is built from; stored on its row and validated again by the consumer. */
export const exportRequestSchema = checkedRange(
  z.object({
    report: z.enum(REPORTS),
    format: z.enum(FORMATS),
    ...rangeFields,
    group_by: z.enum(GROUP_BY).optional().openapi({ description: "Sales report only; default day" }),
    store: salesFields.store,
  }),
).openapi("ExportRequest");
export type ExportRequest = z.infer<typeof exportRequestSchema>;

const EXPORT_STATUSES = ["queued", "running", "done", "failed"] as const;

export const exportViewSchema = z
  .object({
    id: z.string(),
    report: z.string(),
    format: z.string(),
    status: z.enum(EXPORT_STATUSES),
    params: z.record(z.string(), z.unknown()),
    error: z.string().nullable(),
    row_count: z.number().int().nullable(),
    byte_size: z.number().int().nullable(),
    requested_by: z.string(),
    created_at: z.string(),
    completed_at: z.string().nullable(),
    download_url: z.string().nullable().openapi({ description: "Set once status is done" }),
  })
  .openapi("ReportExport");
export type ExportView = z.infer<typeof exportViewSchema>;
