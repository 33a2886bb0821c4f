import { z } from "@hono/zod-openapi";

const MAX_UNITS = 1_000_000;

export const stockChangeBody = z
  .object({
    delta: z
      .number()
      .int()
      .min(-MAX_UNITS)
      .max(MAX_UNITS)
      .refine((n) => n !== 0, "delta must not be 0")
      .optional()
      .openapi({ example: 25, description: "Units in (positive) or out (negative)" }),
    set: z.number().int().min(0).max(MAX_UNITS).optional().openapi({ description: "The counted on-hand quantity" }),
    reason: z.string().trim().min(1).max(200).openapi({ example: "restock from supplier" }),
  })
  .superRefine((body, ctx) => {
    if ((body.delta === undefined) === (body.set === undefined)) {
      ctx.addIssue({ code: "custom", path: ["delta"], message: "Give exactly one of delta or set" });
    }
  })
  .openapi("StockChange");
export type StockChangeInput = z.infer<typeof stockChangeBody>;

export const adjustHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: "idempotency-key", in: "header" }, description: "The same key applies the change once" }),
});

const holdSchema = z.object({
  order_id: z.string(),
  qty: z.number().int(),
  expires_at: z.string().openapi({ description: "ISO time the hold lapses unless committed" }),
});

export const stockStateSchema = z
  .object({
    variant_id: z.string(),
    on_hand: z.number().int(),
    reserved: z.number().int().openapi({ description: "Units held for unpaid orders" }),
    available: z.number().int(),
    version: z.number().int(),
    holds: z.array(holdSchema),
  })
  .openapi("StockState");
export type StockStateView = z.infer<typeof stockStateSchema>;

export const inventoryRowSchema = z
  .object({
    variant_id: z.string(),
    sku: z.string(),
    product_id: z.string(),
    product_name: z.string(),
    store_id: z.string(),
    size: z.string().nullable(),
    color: z.string().nullable(),
    on_hand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
  })
  .openapi("InventoryRow");
export type InventoryRow = z.infer<typeof inventoryRowSchema>;

export const lowStockRowSchema = inventoryRowSchema
  .extend({ units_to_add: z.number().int().openapi({ description: "Units to add so available reaches the threshold" }) })
  .openapi("LowStockRow");
export type LowStockRow = z.infer<typeof lowStockRowSchema>;

export const inventoryQuery = z.object({
  store: z.string().min(1).max(64).optional().openapi({ description: "Store id" }),
  search: z.string().trim().min(1).max(100).optional().openapi({ description: "Matches SKU or product name" }),
});
export type InventoryFilter = z.infer<typeof inventoryQuery>;

export const lowStockQuery = inventoryQuery.extend({
  threshold: z.coerce.number().int().min(1).max(MAX_UNITS).default(10),
});
