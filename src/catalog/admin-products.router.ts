import { createRouter } from "../lib/openapi";
import * as handlers from "./admin-products.handlers";
import * as routes from "./admin-products.routes";

export const adminProductsRouter = createRouter()
  .openapi(routes.listProducts, handlers.listProducts)
  .openapi(routes.createProduct, handlers.createProduct)
  .openapi(routes.getProduct, handlers.getProduct)
  .openapi(routes.replaceProduct, handlers.replaceProduct)
  .openapi(routes.updateProduct, handlers.updateProduct)
  .openapi(routes.deleteProduct, handlers.deleteProduct)
  .openapi(routes.restoreProduct, handlers.restoreProduct);
