import { createRouter } from "../lib/openapi";
import * as handlers from "./admin.handlers";
import * as routes from "./admin.routes";

export const adminOrdersRouter = createRouter()
  .openapi(routes.listOrders, handlers.listOrders)
  .openapi(routes.stats, handlers.stats)
  .openapi(routes.getOrder, handlers.getOrder)
  .openapi(routes.transition, handlers.transition)
  .openapi(routes.bulkTransitions, handlers.bulkTransitions);
