import { createRoute } from "@hono/zod-openapi";
import { createDb } from "../db/client";
import { createRouter, errorResponses, jsonContent } from "../lib/openapi";
import { envelope, paginated } from "../lib/pagination";
import { catalogCache } from "./edge-cache";
import { productIdParam, productListItemSchema, productListQuery, productSchema, variantListSchema } from "./product-schemas";
import { liveVariants, productView, publicProduct, toVariantView } from "./product-view";
import { slugParam } from "./category-schemas";
import { searchProducts } from "./search";

/** Public catalog reads: anyone, cached at the edge per catalog version. */
export const productsRouter = createRouter();

productsRouter.openapi(
  createRoute({
    method: "get",
    path: "/products",
    tags: ["Catalog"],
    summary: "Search and filter products",
    middleware: [catalogCache] as const,
    request: { query: productListQuery },
    responses: { 200: jsonContent(paginated(productListItemSchema), "Products"), 400: errorResponses[400] },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const { items, total } = await searchProducts(c.env.DB, q);
    return c.json(envelope(items, q, total), 200);
  },
);

productsRouter.openapi(
  createRoute({
    method: "get",
    path: "/products/{slug}",
    tags: ["Catalog"],
    summary: "A product with its variants (live availability), images, store and category",
    middleware: [catalogCache] as const,
    request: { params: slugParam },
    responses: { 200: jsonContent(productSchema, "The product"), 404: errorResponses[404] },
  }),
  async (c) => {
    const db = createDb(c.env.DB);
    return c.json(await productView(db, await publicProduct(db, { slug: c.req.valid("param").slug })), 200);
  },
);

productsRouter.openapi(
  createRoute({
    method: "get",
    path: "/products/{id}/variants",
    tags: ["Catalog"],
    summary: "A product's variants with live availability",
    middleware: [catalogCache] as const,
    request: { params: productIdParam },
    responses: { 200: jsonContent(variantListSchema, "Variants"), 404: errorResponses[404] },
  }),
  async (c) => {
    const db = createDb(c.env.DB);
    const product = await publicProduct(db, { id: c.req.valid("param").id });
    return c.json({ data: (await liveVariants(db, product.id)).map((v) => toVariantView(v, product)) }, 200);
  },
);
