import { createRoute } from "@hono/zod-openapi";
import { createSessionDb } from "../db/client";
import { cursorPage } from "../lib/cursor";
import { BOOKMARK_HEADER } from "../lib/d1-session";
import { createRouter, errorResponses, jsonContent } from "../lib/openapi";
import { availabilityOf, rememberAvailability, withListAvailability, withProductAvailability, withVariantAvailability } from "./availability";
import { slugParam } from "./category-schemas";
import { catalogRead, EDGE_TTL_SECONDS, sendJson, servedJson } from "./edge-cache";
import { productIdParam, productListItemSchema, productListQuery, productSchema, variantListSchema } from "./product-schemas";
import { liveVariants, productView, publicProduct, toVariantView } from "./product-view";
import { searchProducts } from "./search";

/** Public catalog reads: anyone, cached per catalog version, with live availability merged per response. */
export const productsRouter = createRouter();

/** Which products an in_stock-filtered page holds follows stock, so such pages live shorter. */
const IN_STOCK_FILTER_TTL_SECONDS = 30;

const cacheHeaders = {
  "X-Cache": { description: "HIT when the catalog part came from the cache (availability is always live)", schema: { type: "string" as const } },
  [BOOKMARK_HEADER]: { description: "D1 bookmark: send it back to read at least this fresh", schema: { type: "string" as const } },
};

productsRouter.openapi(
  createRoute({
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
  }),
  async (c) => {
    const q = c.req.valid("query");
    const ttl = q.in_stock === undefined ? EDGE_TTL_SECONDS : IN_STOCK_FILTER_TTL_SECONDS;
    const { body, d1 } = await catalogRead(c, ttl, async (session, endsBy) => {
      const { page, stock, endsAt } = await searchProducts(session, q);
      rememberAvailability(stock);
      endsBy(endsAt);
      return page;
    });
    const stock = await availabilityOf(d1, body.data.map((p) => p.id), c.var.deps.defer);
    const json = servedJson(body, body.data.map((p) => stock.get(p.id)), () => ({ ...body, data: withListAvailability(body.data, stock) }));
    return sendJson(c, json);
  },
);

productsRouter.openapi(
  createRoute({
    method: "get",
    path: "/products/{slug}",
    tags: ["Catalog"],
    summary: "A product with its variants (live availability), images, store and category",
    request: { params: slugParam },
    responses: { 200: { ...jsonContent(productSchema, "The product"), headers: cacheHeaders }, 404: errorResponses[404] },
  }),
  async (c) => {
    const { body, d1 } = await catalogRead(c, EDGE_TTL_SECONDS, async (session, endsBy) => {
      const db = createSessionDb(session);
      const product = await publicProduct(db, { slug: c.req.valid("param").slug });
      endsBy(product.availableUntil);
      return productView(db, product);
    });
    const stock = await availabilityOf(d1, [body.id], c.var.deps.defer);
    const live = stock.get(body.id);
    return sendJson(c, servedJson(body, [live], () => withProductAvailability(body, live)));
  },
);

productsRouter.openapi(
  createRoute({
    method: "get",
    path: "/products/{id}/variants",
    tags: ["Catalog"],
    summary: "A product's variants with live availability",
    request: { params: productIdParam },
    responses: { 200: { ...jsonContent(variantListSchema, "Variants"), headers: cacheHeaders }, 404: errorResponses[404] },
  }),
  async (c) => {
    const id = c.req.valid("param").id;
    const { body, d1 } = await catalogRead(c, EDGE_TTL_SECONDS, async (session, endsBy) => {
      const db = createSessionDb(session);
      const product = await publicProduct(db, { id });
      endsBy(product.availableUntil);
      return { data: (await liveVariants(db, product.id)).map((v) => toVariantView(v, product)) };
    });
    const stock = await availabilityOf(d1, [id], c.var.deps.defer);
    const live = stock.get(id);
    return sendJson(c, servedJson(body, [live], () => ({ data: withVariantAvailability(body.data, live) })));
  },
);
