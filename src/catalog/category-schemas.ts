import { z } from "@hono/zod-openapi";
import { slugField } from "../lib/slug";

export const categorySchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    parent_id: z.string().nullable(),
    store_id: z.string().nullable().openapi({ description: "The store whose tree this is; null: the global tree" }),
    position: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Category");
export type CategoryView = z.infer<typeof categorySchema>;

export type CategoryNodeView = CategoryView & { children: CategoryNodeView[] };
const categoryNodeSchema: z.ZodType<CategoryNodeView> = categorySchema
  .extend({ children: z.array(z.lazy(() => categoryNodeSchema)) })
  .openapi("CategoryNode");

export const categoryTreeSchema = z.object({ data: z.array(categoryNodeSchema) }).openapi("CategoryTree");

export const categoryDetailSchema = categorySchema
  .extend({
    ancestors: z.array(categorySchema).openapi({ description: "From the root down to the parent (breadcrumbs)" }),
    children: z.array(categorySchema),
  })
  .openapi("CategoryDetail");

const parentId = z.string().min(1).max(64).nullable();

export const createCategoryBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    slug: slugField.optional(),
    parent_id: parentId.optional().openapi({ description: "A category of the same tree" }),
    store_id: z
      .string()
      .min(1)
      .max(64)
      .nullable()
      .optional()
      .openapi({ description: "The store's tree (a seller's own by default); admin and staff omit it for the global tree" }),
    position: z.number().int().min(0).max(100_000).default(0),
  })
  .openapi("CreateCategory");
export type CreateCategoryInput = z.infer<typeof createCategoryBody>;

export const updateCategoryBody = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    slug: slugField.optional(),
    parent_id: parentId.optional().openapi({ description: "Moves the category; null makes it a root" }),
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .openapi("UpdateCategory");
export type UpdateCategoryInput = z.infer<typeof updateCategoryBody>;

export const slugParam = z.object({
  slug: z.string().min(1).max(80).openapi({ param: { name: "slug", in: "path" } }),
});

export const categoryTreeQuery = z.object({
  store: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .optional()
    .openapi({
      description:
        "Store slug or id: the global tree merged with that store's own categories (every category its products may use; each node's store_id says which tree it is in). A slug is looked up in the store's tree first, then the global one. Without it: the global tree only.",
    }),
});
