import { z } from "@hono/zod-openapi";
import { cursorQuery } from "../lib/cursor";
import { slugField } from "../lib/slug";

/** Money in the currency's minor unit; the currency itself comes from config, never from a client. */
const amount = z.number().int().min(0).max(1_000_000_000_000);

const windowEdge = z.iso.datetime({ offset: true }).nullable();

const refSchema = z.object({ id: z.string(), slug: z.string(), name: z.string() });

export const variantSchema = z
  .object({
    id: z.string(),
    product_id: z.string(),
    sku: z.string(),
    size: z.string().nullable(),
    color: z.string().nullable(),
    price: z.number().int().nullable().openapi({ description: "Override of the product's base price, or null" }),
    effective_price: z.number().int(),
    currency: z.string(),
    on_hand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    in_stock: z.boolean(),
    hold_seconds: z.number().int().nullable().openapi({ description: "Checkout's hold for unpaid orders; null = the shop default" }),
    low_stock_threshold: z.number().int().nullable().openapi({ description: "The stock digest's threshold; null = the shop default" }),
    max_per_customer: z.number().int().nullable().openapi({ description: "Units one buyer may hold or buy (a flash-sale limit), or null" }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Variant");
export type VariantView = z.infer<typeof variantSchema>;

const imageSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    url: z.string().openapi({ example: "/api/v1/media/2f0c6e0a-4c1e-4d4f-9d7a-0f2b8d1c9e11.png" }),
    content_type: z.string(),
    size: z.number().int(),
    alt_text: z.string(),
    position: z.number().int(),
    is_primary: z.boolean(),
    created_at: z.string(),
  })
  .openapi("ProductImage");
export type ImageView = z.infer<typeof imageSchema>;

/** As its editors see it: who uploaded it and who last changed it. */
export const adminImageSchema = imageSchema
  .extend({ created_by: z.string().nullable(), updated_by: z.string().nullable() })
  .openapi("AdminProductImage");
export type AdminImageView = z.infer<typeof adminImageSchema>;

export const productSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    base_price: z.number().int(),
    price: z.number().int().openapi({ description: "Listing price: the lowest live variant price, else base_price" }),
    currency: z.string(),
    is_active: z.boolean(),
    in_stock: z.boolean(),
    store: refSchema,
    category: refSchema,
    variants: z.array(variantSchema),
    images: z.array(imageSchema),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Product");
export type ProductView = z.infer<typeof productSchema>;

const PRODUCT_STATUSES = ["active", "inactive", "deleted"] as const;
const productStatus = z.enum(PRODUCT_STATUSES).openapi({ description: "deleted: soft-deleted (restorable); inactive: hidden by its editor" });

export const adminProductSchema = productSchema
  .extend({
    status: productStatus,
    available_from: z.string().nullable(),
    available_until: z.string().nullable(),
    deleted_at: z.string().nullable(),
    created_by: z.string().nullable(),
    updated_by: z.string().nullable(),
  })
  .openapi("AdminProduct");
export type AdminProductView = z.infer<typeof adminProductSchema>;

export const productListItemSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    base_price: z.number().int(),
    price: z.number().int(),
    currency: z.string(),
    in_stock: z.boolean().openapi({ description: "Live availability, at most a few seconds behind the stock objects" }),
    store: refSchema,
    category: refSchema,
    primary_image: z.object({ url: z.string(), alt_text: z.string() }).nullable(),
    created_at: z.string(),
  })
  .openapi("ProductListItem");
export type ProductListItem = z.infer<typeof productListItemSchema>;

const productFields = {
  name: z.string().trim().min(1).max(200),
  slug: slugField.optional(),
  description: z.string().max(20_000).default(""),
  base_price: amount,
  category_id: z.string().min(1).max(64),
  store_id: z.string().min(1).max(64).optional().openapi({ description: "Required for admin and staff; a seller's own store by default" }),
  is_active: z.boolean().default(true),
  available_from: windowEdge.optional().openapi({ description: "Hidden and unbuyable before this instant (a flash sale's start); null: no bound" }),
  available_until: windowEdge.optional().openapi({ description: "Hidden and unbuyable from this instant on (its end); null: no bound" }),
};

const windowOrdered = (b: { available_from?: string | null; available_until?: string | null }) =>
  !b.available_from || !b.available_until || Date.parse(b.available_from) < Date.parse(b.available_until);
const windowIssue = { message: "available_from must be before available_until", path: ["available_until"] };

export const createProductBody = z.object(productFields).refine(windowOrdered, windowIssue).openapi("CreateProduct");
export type CreateProductInput = z.infer<typeof createProductBody>;

/** PUT replaces every editable field (same rules as create); PATCH changes only the fields sent. */
export const replaceProductBody = z.object(productFields).refine(windowOrdered, windowIssue).openapi("ReplaceProduct");

export const updateProductBody = z
  .object({
    name: productFields.name.optional(),
    slug: slugField.optional(),
    description: z.string().max(20_000).optional(),
    base_price: amount.optional(),
    category_id: productFields.category_id.optional(),
    store_id: z.string().min(1).max(64).optional(),
    is_active: z.boolean().optional(),
    available_from: productFields.available_from,
    available_until: productFields.available_until,
  })
  .refine(windowOrdered, windowIssue)
  .openapi("UpdateProduct");
export type UpdateProductInput = z.infer<typeof updateProductBody>;

const sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, dot, underscore and hyphen")
  .openapi({ example: "KAOS-HTM-L" });
const attribute = z.string().trim().min(1).max(40);

const holdSeconds = z
  .number()
  .int()
  .min(60)
  .max(3600)
  .nullable()
  .openapi({ description: "Hold an unpaid order's units this long (e.g. 300 in a flash sale); null = the shop default (RESERVATION_TTL_SECONDS), which is also the most it can be" });

const lowStockThreshold = z
  .number()
  .int()
  .min(0)
  .max(1_000_000)
  .nullable()
  .openapi({ description: "The stock digest lists the variant when fewer units are available; null = the shop default (LOW_STOCK_THRESHOLD)" });

const maxPerCustomer = z
  .number()
  .int()
  .min(1)
  .max(1_000_000)
  .nullable()
  .openapi({ description: "Units one buyer (account, or guest email) may hold or buy; null for no limit" });

export const createVariantBody = z
  .object({
    sku,
    size: attribute.optional(),
    color: attribute.optional(),
    price: amount.nullable().optional(),
    hold_seconds: holdSeconds.optional(),
    low_stock_threshold: lowStockThreshold.optional(),
    max_per_customer: maxPerCustomer.optional(),
    stock: z.number().int().min(0).max(1_000_000).default(0).openapi({ description: "Initial stock (on hand)" }),
  })
  .openapi("CreateVariant");
export type CreateVariantInput = z.infer<typeof createVariantBody>;

export const updateVariantBody = z
  .object({
    sku: sku.optional(),
    size: attribute.nullable().optional(),
    color: attribute.nullable().optional(),
    price: amount.nullable().optional(),
    hold_seconds: holdSeconds.optional(),
    low_stock_threshold: lowStockThreshold.optional(),
    max_per_customer: maxPerCustomer.optional(),
  })
  .openapi("UpdateVariant");
export type UpdateVariantInput = z.infer<typeof updateVariantBody>;

export const ORDERINGS = ["price", "-price", "-created_at", "relevance"] as const;
export type Ordering = (typeof ORDERINGS)[number];

export const productListQuery = cursorQuery
  .extend({
    search: z
      .string()
      .trim()
      .max(200)
      .optional()
      .openapi({ description: "Words, each a prefix; ranked among the newest 1,000 matching products" }),
    category: z.string().trim().min(1).max(80).optional().openapi({ description: "Category slug or id; includes subcategories" }),
    store: z.string().trim().min(1).max(80).optional().openapi({ description: "Store slug or id" }),
    min_price: z.coerce.number().int().min(0).optional().openapi({ description: "On the listing price (lowest live variant price)" }),
    max_price: z.coerce.number().int().min(0).optional().openapi({ description: "On the listing price (lowest live variant price)" }),
    size: attribute.optional(),
    color: attribute.optional(),
    in_stock: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional()
      .openapi({ description: "Which products a page holds follows stock within the page's cache life (30 s); each item's in_stock is live" }),
    ordering: z.enum(ORDERINGS).optional().openapi({ description: "Default: relevance with search, else -created_at" }),
  })
  .refine((q) => q.min_price === undefined || q.max_price === undefined || q.min_price <= q.max_price, {
    message: "min_price must not exceed max_price",
    path: ["min_price"],
  });
export type ProductListQuery = z.infer<typeof productListQuery>;

const ADMIN_PRODUCT_ORDERINGS = ["-created_at", "created_at"] as const;

export const adminProductsQuery = cursorQuery.extend({
  status: productStatus.optional().openapi({ description: "Default: active and inactive (everything not deleted)" }),
  search: z.string().trim().min(1).max(200).optional().openapi({ description: "Part of the name or slug, or an exact SKU" }),
  store: z.string().min(1).max(64).optional().openapi({ description: "Store id (admin and staff; a seller always sees their own)" }),
  ordering: z.enum(ADMIN_PRODUCT_ORDERINGS).default("-created_at"),
});
export type AdminProductsQuery = z.infer<typeof adminProductsQuery>;

export const adminProductListItemSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    price: z.number().int(),
    currency: z.string(),
    status: productStatus,
    store_id: z.string(),
    category_id: z.string(),
    deleted_at: z.string().nullable(),
    created_by: z.string().nullable(),
    updated_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("AdminProductListItem");
export type AdminProductListItem = z.infer<typeof adminProductListItemSchema>;

export const productIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
});
export const variantParams = productIdParam.extend({
  variant_id: z.string().min(1).max(64).openapi({ param: { name: "variant_id", in: "path" } }),
});
export const imageParams = productIdParam.extend({
  image_id: z.string().min(1).max(64).openapi({ param: { name: "image_id", in: "path" } }),
});

export const updateImageBody = z
  .object({
    is_primary: z.literal(true).optional().openapi({ description: "Makes this the product's one primary image" }),
    position: z.number().int().min(0).max(10_000).optional(),
    alt_text: z.string().trim().max(300).optional(),
  })
  .openapi("UpdateImage");
export type UpdateImageInput = z.infer<typeof updateImageBody>;

export const uploadImagesBody = z
  .object({
    files: z
      .union([z.instanceof(File), z.array(z.instanceof(File)).min(1)])
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .openapi({ type: "array", items: { type: "string", format: "binary" } }),
    alt_text: z.string().trim().max(300).optional(),
  })
  .openapi("UploadImages");

export const imageListSchema = z.object({ data: z.array(adminImageSchema) }).openapi("ProductImages");
export const variantListSchema = z.object({ data: z.array(variantSchema) }).openapi("Variants");
