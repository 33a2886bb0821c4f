import { createRoute } from "@hono/zod-openapi";
import { cursorPage } from "../lib/cursor";
import { BOOKMARK_HEADER } from "../lib/d1-session";
import { errorResponses, jsonContent } from "../lib/openapi";
import { slugParam } from "./category-schemas";
import { productIdParam, productListItemSchema, productListQuery, productSchema, variantListSchema } from "./product-schemas";

const cacheHeaders = {
  "X-Cache": { description: "HIT when the catalog part came from the cache (availability is always live)", schema: { type: "string" as const } },
  [BOOKMARK_HEADER]: { description: "D1 bookmark: send it back to read at least this fresh", schema: { type: "string" as const } },
};

export const listProducts = createRoute({
  method: "get",
  path: "/products",
  tags: ["Catalog"],
  summary: "Search and filter products (cursor pages)",
  description:
    "Keyset pages: pass `next_cursor` back as `cursor` with the same filters and ordering. A search ranks the newest " +
    "1,000 matching products. `include=total` counts up to 10,000.",
  request: { query: productListQuery },
  responses: {
    200: { ...jsonContent(cursorPage(productListItemSchema), "Products"), headers: cacheHeaders },
    400: errorResponses[400],
  },
});

export const getProduct = createRoute({
  method: "get",
  path: "/products/{slug}",
  tags: ["Catalog"],
  summary: "A product with its variants (live availability), images, store and category",
  request: { params: slugParam },
  responses: { 200: { ...jsonContent(productSchema, "The product"), headers: cacheHeaders }, 404: errorResponses[404] },
});

export const listVariants = createRoute({
  method: "get",
  path: "/products/{id}/variants",
  tags: ["Catalog"],
  summary: "A product's variants with live availability",
  request: { params: productIdParam },
  responses: { 200: { ...jsonContent(variantListSchema, "Variants"), headers: cacheHeaders }, 404: errorResponses[404] },
});
