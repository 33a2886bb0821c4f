import { actorOf } from "../audit/actor";
import type { AppRouteHandler } from "../lib/openapi";
import * as imagesService from "./images-service";
import type * as routes from "./images.routes";

export const uploadImages: AppRouteHandler<typeof routes.uploadImages> = async (c) => {
  const form = c.req.valid("form");
  const images = await imagesService.uploadImages(c.var.deps, actorOf(c), c.req.valid("param").id, form.files, form.alt_text);
  return c.json({ data: images }, 201);
};

export const updateImage: AppRouteHandler<typeof routes.updateImage> = async (c) => {
  const { id, image_id } = c.req.valid("param");
  return c.json(await imagesService.updateImage(c.var.deps, actorOf(c), id, image_id, c.req.valid("json")), 200);
};

export const deleteImage: AppRouteHandler<typeof routes.deleteImage> = async (c) => {
  const { id, image_id } = c.req.valid("param");
  await imagesService.deleteImage(c.var.deps, actorOf(c), id, image_id);
  return c.body(null, 204);
};
