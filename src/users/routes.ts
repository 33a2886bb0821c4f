import { actorOf } from "../audit/actor";
import { createRoute } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { bearerSecurity, createRouter, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { envelope, paginated, paginationQuery } from "../lib/pagination";
import { createUserBody, listUsersQuery, updateUserBody, userSchema } from "./schemas";
import { createUser, listUsers, toUserView, updateUser } from "./service";

const tags = ["Users"];

export const usersRouter = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/users",
      tags,
      summary: "List users (admin)",
      security: bearerSecurity,
      middleware: [requireRole("admin")] as const,
      request: { query: paginationQuery.extend(listUsersQuery.shape) },
      responses: { 200: jsonContent(paginated(userSchema), "Users"), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const { items, total } = await listUsers(c.var.deps, q, q);
      return c.json(envelope(items, q, total), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/admin/users",
      tags,
      summary: "Create a staff, seller, admin or customer account (admin)",
      security: bearerSecurity,
      middleware: [requireRole("admin")] as const,
      request: { body: jsonBody(createUserBody) },
      responses: { 201: jsonContent(userSchema, "Created"), ...errorResponses, 409: errorContent("Email taken") },
    }),
    async (c) => c.json(toUserView(await createUser(c.var.deps, actorOf(c), c.req.valid("json"))), 201),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/admin/users/{id}",
      tags,
      summary: "Change a user's role, store or active flag (admin)",
      security: bearerSecurity,
      middleware: [requireRole("admin")] as const,
      request: { params: idParam, body: jsonBody(updateUserBody) },
      responses: { 200: jsonContent(userSchema, "Updated"), ...errorResponses },
    }),
    async (c) =>
      c.json(toUserView(await updateUser(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"))), 200),
  );
