import { z } from "@hono/zod-openapi";

const DISCOUNT_TYPES = ["percent", "fixed", "free_shipping"] as const;

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{3,32}$/, "3–32 letters, digits, - or _")
  .openapi({ example: "SALE1212", description: "Case-insensitive; stored upper-cased" });
const limit = z.number().int().min(1).max(1_000_000_000).nullable();
const moment = z.iso.datetime({ offset: true }).nullable();

/** At most one target: a code for one store, one category or one product; none means the whole cart. */
const discountScope = z
  .object({
    store_id: z.string().min(1).max(64).optional(),
    category_id: z.string().min(1).max(64).optional(),
    product_id: z.string().min(1).max(64).optional(),
  })
  .refine((s) => Object.values(s).filter(Boolean).length === 1, "give exactly one of store_id, category_id, product_id")
  .openapi("DiscountScope");
export type DiscountScopeInput = z.infer<typeof discountScope>;

const fields = {
  code,
  type: z.enum(DISCOUNT_TYPES),
  value: z
    .number()
    .int()
    .min(0)
    .max(1_000_000_000_000)
    .openapi({ description: "percent: whole percent 1–100; fixed: minor units; free_shipping: 0" }),
  min_order: z.number().int().min(0).max(1_000_000_000_000),
  starts_at: moment,
  ends_at: moment,
  usage_limit: limit,
  per_customer_limit: limit,
  scope: discountScope.nullable(),
};

export const createDiscountBody = z
  .object({
    ...fields,
    value: fields.value.default(0),
    min_order: fields.min_order.default(0),
    starts_at: moment.default(null),
    ends_at: moment.default(null),
    usage_limit: limit.default(null),
    per_customer_limit: limit.default(null),
    scope: fields.scope.default(null),
  })
  .openapi("CreateDiscount");
export type CreateDiscountInput = z.infer<typeof createDiscountBody>;

export const updateDiscountBody = z.object(fields).partial().openapi("UpdateDiscount");
export type UpdateDiscountInput = z.infer<typeof updateDiscountBody>;

export const discountSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    type: z.enum(DISCOUNT_TYPES),
    value: z.number().int(),
    min_order: z.number().int(),
    starts_at: z.string().nullable(),
    ends_at: z.string().nullable(),
    usage_limit: z.number().int().nullable(),
    per_customer_limit: z.number().int().nullable(),
    used_count: z.number().int(),
    scope: z
      .object({ store_id: z.string().optional(), category_id: z.string().optional(), product_id: z.string().optional() })
      .nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Discount");
export type DiscountView = z.infer<typeof discountSchema>;

export const listDiscountsQuery = z.object({ search: z.string().trim().max(32).optional() });
