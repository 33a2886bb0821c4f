import { provideStockInitializer } from "../catalog/stock-port";
import { createRouter } from "../lib/openapi";
import * as handlers from "./inventory.handlers";
import * as routes from "./inventory.routes";
import { initializeStock } from "./service";

// A new variant's stock starts in its StockObject. The catalog cannot import inventory (inventory reads the catalog's
// variants), so inventory plugs its initializer into the catalog's port here, where the app loads inventory.
provideStockInitializer(initializeStock);

export const inventoryRouter = createRouter()
  .openapi(routes.adjustStock, handlers.adjustStock)
  .openapi(routes.listInventory, handlers.listInventory)
  .openapi(routes.listLowStock, handlers.listLowStock);
