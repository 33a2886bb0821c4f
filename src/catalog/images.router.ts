import { createRouter } from "../lib/openapi";
import * as handlers from "./images.handlers";
import * as routes from "./images.routes";

export const imagesRouter = createRouter()
  .openapi(routes.uploadImages, handlers.uploadImages)
  .openapi(routes.updateImage, handlers.updateImage)
  .openapi(routes.deleteImage, handlers.deleteImage);
