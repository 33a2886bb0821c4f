import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { BOOKMARK_HEADER, primaryBookmark } from "../lib/d1-session";
import { createRouter } from "../lib/openapi";
import { forgetCatalogVersion } from "./catalog-version";

/**
 * After a successful catalog write: this isolate forgets its memoised catalog version (its next read sees
 * the edit at once), and the writer gets the primary's bookmark, so its reads through replicas include it.
 */
export const afterCatalogWrite = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.req.method === "GET" || c.res.status >= 400) return;
  forgetCatalogVersion();
  const bookmark = await primaryBookmark(c.env.DB);
  if (bookmark) c.res.headers.set(BOOKMARK_HEADER, bookmark);
});

/** Mounted before the catalog's own routers, so the middleware wraps their write routes. */
export const catalogWriteTracking = createRouter()
  .use("/admin/products", afterCatalogWrite)
  .use("/admin/products/*", afterCatalogWrite)
  .use("/admin/categories", afterCatalogWrite)
  .use("/admin/categories/*", afterCatalogWrite);
