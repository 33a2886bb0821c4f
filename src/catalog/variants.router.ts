import { createRouter } from "../lib/openapi";
import * as handlers from "./variants.handlers";
import * as routes from "./variants.routes";

export const variantsRouter = createRouter()
  .openapi(routes.createVariant, handlers.createVariant)
  .openapi(routes.updateVariant, handlers.updateVariant)
  .openapi(routes.deleteVariant, handlers.deleteVariant)
  .openapi(routes.restoreVariant, handlers.restoreVariant);
