import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses } from "../lib/openapi";
import { notFound } from "../lib/errors";
import { IMMUTABLE } from "./images-service";

const mediaKeyParam = z.object({
  key: z
    .string()
    .regex(/^[A-Za-z0-9-]+\.(jpg|png|webp|gif)$/)
    .openapi({ param: { name: "key", in: "path" }, example: "2f0c6e0a-4c1e-4d4f-9d7a-0f2b8d1c9e11.png" }),
});

export const mediaRouter = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/media/{key}",
      tags: ["Catalog"],
      summary: "An image's bytes, with ETag and long-lived cache headers (304 on If-None-Match)",
      request: { params: mediaKeyParam },
      responses: {
        200: { description: "The image", content: { "image/*": { schema: z.string().openapi({ format: "binary" }) } } },
        304: { description: "Not modified" },
        404: errorResponses[404],
      },
    }),
    async (c) => {
      // R2 evaluates If-None-Match itself: on a match it returns the metadata without a body.
      const object = await c.env.MEDIA.get(c.req.valid("param").key, { onlyIf: c.req.raw.headers });
      if (!object) throw notFound("Image");
      const headers = new Headers();
      object.writeHttpMetadata(headers);
      headers.set("ETag", object.httpEtag);
      headers.set("Cache-Control", IMMUTABLE);
      if (!("body" in object)) return c.body(null, 304, Object.fromEntries(headers));
      return c.body(object.body, 200, Object.fromEntries(headers));
    },
  );
