import { adminProductsRouter } from "./admin-products-routes";
import { categoriesRouter } from "./categories-routes";
import { imagesRouter } from "./images-routes";
import { mediaRouter } from "./media-routes";
import { productsRouter } from "./products-routes";
import { variantsRouter } from "./variants-routes";
import { catalogWriteTracking } from "./write-tracking";

/** Every catalog router, mounted under /api/v1 by the app. */
export const catalogRouters = [
  catalogWriteTracking,
  categoriesRouter, productsRouter, adminProductsRouter, variantsRouter, imagesRouter,
  mediaRouter,
];
