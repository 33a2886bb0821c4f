import { createRouter } from "../lib/openapi";
import * as handlers from "./orders.handlers";
import * as routes from "./orders.routes";

export const ordersRouter = createRouter()
  .openapi(routes.placeOrder, handlers.placeOrder)
  .openapi(routes.listOrders, handlers.listOrders)
  .openapi(routes.getOrder, handlers.getOrder)
  .openapi(routes.cancel, handlers.cancel)
  .openapi(routes.getInvoice, handlers.getInvoice);
