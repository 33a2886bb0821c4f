import { createRouter } from "../lib/openapi";
import * as handlers from "./cart.handlers";
import * as routes from "./cart.routes";

export const cartRouter = createRouter()
  .openapi(routes.get, handlers.get)
  .openapi(routes.clear, handlers.clear)
  .openapi(routes.addItem, handlers.addItem)
  .openapi(routes.updateItem, handlers.updateItem)
  .openapi(routes.removeItem, handlers.removeItem)
  .openapi(routes.applyDiscount, handlers.applyDiscount)
  .openapi(routes.removeDiscount, handlers.removeDiscount);
