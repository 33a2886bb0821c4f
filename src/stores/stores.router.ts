import { createRouter } from "../lib/openapi";
import * as handlers from "./stores.handlers";
import * as routes from "./stores.routes";

export const storesRouter = createRouter()
  .openapi(routes.listStores, handlers.listStores)
  .openapi(routes.getStore, handlers.getStore)
  .openapi(routes.createStore, handlers.createStore)
  .openapi(routes.updateStore, handlers.updateStore);
