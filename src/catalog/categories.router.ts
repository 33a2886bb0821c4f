import { createRouter } from "../lib/openapi";
import * as handlers from "./categories.handlers";
import * as routes from "./categories.routes";

export const categoriesRouter = createRouter()
  .openapi(routes.getCategoryTree, handlers.getCategoryTree)
  .openapi(routes.getCategory, handlers.getCategory)
  .openapi(routes.createCategory, handlers.createCategory)
  .openapi(routes.updateCategory, handlers.updateCategory)
  .openapi(routes.deleteCategory, handlers.deleteCategory);
