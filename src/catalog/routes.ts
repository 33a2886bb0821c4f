import { listenToStoreWrites } from "../stores/write-listener";
import { adminProductsRouter } from "./admin-products.router";
import { categoriesRouter } from "./categories.router";
import { imagesRouter } from "./images.router";
import { mediaRouter } from "./media-routes";
import { bumpPriceVersion } from "./price-version";
import { productsRouter } from "./products.router";
import { variantsRouter } from "./variants.router";
import { afterCatalogWrite, catalogWriteTracking } from "./write-tracking";

// A store's suspension shows in catalog reads and cart totals. Stores cannot import the catalog (the catalog reads
// stores), so the catalog plugs its reactions into the stores domain's port here, where the app loads the catalog.
listenToStoreWrites({ aroundWrite: afterCatalogWrite, activeChanged: bumpPriceVersion });

/** Every catalog router, mounted under /api/v1 by the app. */
export const catalogRouters = [
  catalogWriteTracking,
  categoriesRouter, productsRouter, adminProductsRouter, variantsRouter, imagesRouter,
  mediaRouter,
];
