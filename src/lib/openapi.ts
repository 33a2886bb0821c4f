import { OpenAPIHono, type RouteConfig, type RouteHandler, z } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import type { AppEnv } from "../env";
import { ERROR_CODES } from "./error-codes";
import { AppError } from "./errors";

/** Each zod issue as one entry, so a client can point at the field that is wrong. */
function fieldErrors(error: ZodError) {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join(".") || "(root)",
    code: issue.code,
    message: issue.message,
  }));
}

/** A handler for a route declared with `createRoute` (`*.routes.ts`), written apart from it (`*.handlers.ts`). */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

/** Every domain router: validation failures leave as the contract's 400 validation_error. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new AppError(400, "validation_error", "The request is not valid", {
          target: result.target,
          fields: fieldErrors(result.error),
        });
      }
    },
  });
}

/** The machine codes (src/lib/error-codes.ts) as one schema: the error shape and every per-item error use it. */
export const errorCodeSchema = z
  .enum(ERROR_CODES)
  .openapi({ example: "insufficient_stock", description: "Stable machine code; switch on this, not on the message" });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: errorCodeSchema,
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      request_id: z.string(),
    }),
  })
  .openapi("Error");

/** A required JSON request body: without `required`, a non-JSON request would skip validation. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    required: true,
    ...(description ? { description } : {}),
    content: { "application/json": { schema } },
  };
}

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

const errorContent = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

/** The error responses most routes can give, to spread into a route's `responses`. */
export const errorResponses = {
  400: errorContent("Validation error"),
  401: errorContent("Not authenticated"),
  403: errorContent("Not allowed"),
  404: errorContent("Not found"),
} as const;

export { errorContent };

export const bearerSecurity = [{ bearerAuth: [] }];

export const idParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
});
