import { createSessionDb } from "../db/client";
import type { AppRouteHandler } from "../lib/openapi";
import { availabilityOf, rememberAvailability, withListAvailability, withProductAvailability, withVariantAvailability } from "./availability";
import { catalogRead, EDGE_TTL_SECONDS, sendJson, servedJson } from "./edge-cache";
import { liveVariants, productView, publicProduct, toVariantView } from "./product-view";
import type * as routes from "./products.routes";
import { searchProducts } from "./search";

/** Which products an in_stock-filtered page holds follows stock, so such pages live shorter. */
const IN_STOCK_FILTER_TTL_SECONDS = 30;

export const listProducts: AppRouteHandler<typeof routes.listProducts> = async (c) => {
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
};

export const getProduct: AppRouteHandler<typeof routes.getProduct> = async (c) => {
  const { body, d1 } = await catalogRead(c, EDGE_TTL_SECONDS, async (session, endsBy) => {
    const deps = { db: createSessionDb(session) };
    const product = await publicProduct(deps, { slug: c.req.valid("param").slug });
    endsBy(product.availableUntil);
    return productView(deps, product);
  });
  const stock = await availabilityOf(d1, [body.id], c.var.deps.defer);
  const live = stock.get(body.id);
  return sendJson(c, servedJson(body, [live], () => withProductAvailability(body, live)));
};

export const listVariants: AppRouteHandler<typeof routes.listVariants> = async (c) => {
  const id = c.req.valid("param").id;
  const { body, d1 } = await catalogRead(c, EDGE_TTL_SECONDS, async (session, endsBy) => {
    const deps = { db: createSessionDb(session) };
    const product = await publicProduct(deps, { id });
    endsBy(product.availableUntil);
    return { data: (await liveVariants(deps, product.id)).map((v) => toVariantView(v, product)) };
  });
  const stock = await availabilityOf(d1, [id], c.var.deps.defer);
  const live = stock.get(id);
  return sendJson(c, servedJson(body, [live], () => ({ data: withVariantAvailability(body.data, live) })));
};
