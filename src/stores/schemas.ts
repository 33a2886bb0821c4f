import { z } from "@hono/zod-openapi";
import { slugField } from "../lib/slug";

export const storeSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    email: z.string().nullable(),
    is_active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Store");
export type StoreView = z.infer<typeof storeSchema>;

export const createStoreBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    slug: slugField.optional(),
    description: z.string().max(5000).default(""),
    email: z.email().optional(),
    is_active: z.boolean().default(true),
  })
  .openapi("CreateStore");
export type CreateStoreInput = z.infer<typeof createStoreBody>;

export const updateStoreBody = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    slug: slugField.optional(),
    description: z.string().max(5000).optional(),
    email: z.email().nullable().optional(),
    is_active: z.boolean().optional(),
  })
  .openapi("UpdateStore");
export type UpdateStoreInput = z.infer<typeof updateStoreBody>;

export const listStoresQuery = z.object({
  search: z.string().trim().max(100).optional(),
});

export const storeSlugParam = z.object({
  slug: z.string().min(1).max(80).openapi({ param: { name: "slug", in: "path" } }),
});
