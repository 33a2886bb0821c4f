import { createRoute } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { tooLarge } from "../lib/middleware";
import { bearerSecurity, errorContent, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { catalogEditors } from "./access";
import { uploadBodyCap } from "./images-service";
import { adminImageSchema, imageListSchema, imageParams, productIdParam, updateImageBody, uploadImagesBody } from "./product-schemas";

/** The app-wide JSON cap skips multipart, so uploads get their own cap on the whole body (per-file caps come later). */
const uploadLimit = createMiddleware<AppEnv>((c, next) =>
  bodyLimit({ maxSize: uploadBodyCap(c.env), onError: tooLarge })(c, next),
);

export const uploadImages = createRoute({
  method: "post",
  path: "/admin/products/{id}/images",
  tags: ["Catalog admin"],
  summary: "Upload one or more images (multipart field `files`; JPEG, PNG, WebP or GIF by content)",
  security: bearerSecurity,
  middleware: [catalogEditors, uploadLimit] as const,
  request: {
    params: productIdParam,
    body: { required: true, content: { "multipart/form-data": { schema: uploadImagesBody } } },
  },
  responses: {
    201: jsonContent(imageListSchema, "The new images"),
    ...errorResponses,
    413: errorContent("A file or the body is over the size cap"),
    415: errorContent("A file is not an accepted image type"),
  },
});

export const updateImage = createRoute({
  method: "patch",
  path: "/admin/products/{id}/images/{image_id}",
  tags: ["Catalog admin"],
  summary: "Make an image primary, move it, or change its alt text",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: imageParams, body: jsonBody(updateImageBody) },
  responses: { 200: jsonContent(adminImageSchema, "Updated"), ...errorResponses },
});

export const deleteImage = createRoute({
  method: "delete",
  path: "/admin/products/{id}/images/{image_id}",
  tags: ["Catalog admin"],
  summary: "Delete an image and its stored object",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: imageParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses },
});
