import { createRouter } from "../lib/openapi";
import * as handlers from "./discounts.handlers";
import * as routes from "./discounts.routes";

export const discountsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.get, handlers.get)
  .openapi(routes.update, handlers.update)
  .openapi(routes.remove, handlers.remove);
