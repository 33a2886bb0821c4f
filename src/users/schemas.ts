import { z } from "@hono/zod-openapi";
import { ROLES } from "../env";
import { PASSWORD_MAX_LENGTH } from "./password";

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "must be a valid email address" }))
  .openapi({ example: "buyer@example.com" });
export const phoneField = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{7,14}$/, "must be an E.164 phone number such as +6281234567890")
  .openapi({ example: "+6281234567890" });
export const passwordField = z.string().min(1).max(PASSWORD_MAX_LENGTH).openapi({ example: "correct-horse-battery" });
export const nameField = z.string().trim().min(1).max(120);

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable().openapi({ description: "Verified by a code sent to it; signs in by OTP" }),
    pending_phone: z
      .string()
      .nullable()
      .openapi({ description: "Claimed but not verified (POST /auth/me/phone/verify); signs nobody in" }),
    name: z.string(),
    role: z.enum(ROLES),
    store_id: z.string().nullable(),
    is_active: z.boolean(),
    created_at: z.string(),
  })
  .openapi("User");
export type UserView = z.infer<typeof userSchema>;

export const createUserBody = z
  .object({
    email: emailField,
    password: passwordField,
    name: nameField,
    phone: phoneField.optional(),
    role: z.enum(ROLES),
    store_id: z.string().optional(),
  })
  .openapi("CreateUser");
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .object({
    name: nameField.optional(),
    role: z.enum(ROLES).optional(),
    store_id: z.string().nullable().optional(),
    is_active: z.boolean().optional(),
  })
  .openapi("UpdateUser");
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const listUsersQuery = z.object({
  role: z.enum(ROLES).optional(),
  search: z.string().trim().max(100).optional(),
});
