import { createRouter } from "../lib/openapi";
import * as handlers from "./reports.handlers";
import * as routes from "./reports.routes";

export const reportsRouter = createRouter()
  .openapi(routes.getSalesReport, handlers.getSalesReport)
  .openapi(routes.getProductsReport, handlers.getProductsReport)
  .openapi(routes.createExport, handlers.createExport)
  .openapi(routes.readExport, handlers.readExport)
  .openapi(routes.downloadExport, handlers.downloadExport);
