import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { intVar } from "./config";
import { AppError } from "./errors";
import { log } from "./log";

/** One structured line per request, with the request id that the response also carries. */
export const accessLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  await next();
  log(c.res.status >= 500 ? "error" : "info", "request", {
    request_id: c.get("requestId"),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    duration_ms: Date.now() - started,
  });
});

/** Caps JSON bodies at MAX_BODY_BYTES; upload routes set their own, larger cap. */
export const jsonBodyLimit = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header("Content-Type") ?? "";
  if (type.startsWith("multipart/form-data")) return next();
  return bodyLimit({ maxSize: intVar(c.env, "MAX_BODY_BYTES"), onError: tooLarge })(c, next);
});

export function tooLarge(): never {
  throw new AppError(413, "payload_too_large", "The request body is too large");
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const ACCEPTED_TYPES = /^(application\/([\w.-]+\+)?json|multipart\/form-data)\b/i;

/** A body that is neither JSON nor multipart is refused before any route reads it. */
export const requireKnownContentType = createMiddleware<AppEnv>(async (c, next) => {
  const length = c.req.header("Content-Length");
  const hasBody = length ? length !== "0" : c.req.raw.body !== null;
  const type = c.req.header("Content-Type");
  if (BODY_METHODS.has(c.req.method) && hasBody && type && !ACCEPTED_TYPES.test(type)) {
    throw new AppError(415, "unsupported_media_type", "Send JSON (application/json) or multipart/form-data");
  }
  await next();
});
