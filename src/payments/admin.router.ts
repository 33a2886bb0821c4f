import { createRouter } from "../lib/openapi";
import * as handlers from "./admin.handlers";
import * as routes from "./admin.routes";

export const adminPaymentsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.stats, handlers.stats)
  .openapi(routes.confirm, handlers.confirm)
  .openapi(routes.reject, handlers.reject)
  .openapi(routes.refund, handlers.refund);
