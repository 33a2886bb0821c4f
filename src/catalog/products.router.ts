import { createRouter } from "../lib/openapi";
import * as handlers from "./products.handlers";
import * as routes from "./products.routes";

/** Public catalog reads: anyone, cached per catalog version, with live availability merged per response. */
export const productsRouter = createRouter()
  .openapi(routes.listProducts, handlers.listProducts)
  .openapi(routes.getProduct, handlers.getProduct)
  .openapi(routes.listVariants, handlers.listVariants);
