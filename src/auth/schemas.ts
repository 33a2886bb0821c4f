import { z } from "@hono/zod-openapi";
import { emailField, nameField, passwordField, phoneField, userSchema } from "../users/schemas";

export const registerBody = z
  .object({ email: emailField, password: passwordField, name: nameField, phone: phoneField.optional() })
  .openapi("Register");
export type RegisterInput = z.infer<typeof registerBody>;

export const loginBody = z.object({ email: emailField, password: passwordField }).openapi("Login");
export type LoginInput = z.infer<typeof loginBody>;

export const otpRequestBody = z.object({ phone: phoneField }).openapi("OtpRequest");
export const otpVerifyBody = z
  .object({ phone: phoneField, code: z.string().regex(/^\d{6}$/, "must be 6 digits") })
  .openapi("OtpVerify");

/** In cookie mode the refresh token may come from its cookie instead of the body. */
export const refreshBody = z.object({ refresh_token: z.string().min(1).max(200).optional() }).openapi("Refresh");

export const changePasswordBody = z
  .object({ current_password: passwordField, new_password: passwordField })
  .openapi("ChangePassword");
export const forgotPasswordBody = z.object({ email: emailField }).openapi("ForgotPassword");
/** `new_password`, as password change names it; `password` (the first name) is still accepted, deprecated. */
export const resetPasswordBody = z
  .object({
    token: z.string().min(1).max(200),
    new_password: passwordField.optional().openapi({ description: "The new password (required)" }),
    password: passwordField
      .optional()
      .openapi({ deprecated: true, description: "Deprecated: send new_password, the name password change uses. Still accepted." }),
  })
  .superRefine((body, ctx) => {
    if (body.new_password === undefined && body.password === undefined) {
      ctx.addIssue({ code: "custom", path: ["new_password"], message: "Required" });
    } else if (body.new_password !== undefined && body.password !== undefined && body.new_password !== body.password) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "Send new_password only (password is its deprecated name)" });
    }
  })
  .openapi("ResetPassword");
export type ResetPasswordInput = z.infer<typeof resetPasswordBody>;

/** The reset's new password under either name (the refinement guarantees one is there). */
export const newPasswordOf = (body: ResetPasswordInput): string => body.new_password ?? body.password ?? "";

export const updateMeBody = z
  .object({ name: nameField.optional(), phone: phoneField.nullable().optional() })
  .openapi("UpdateMe");
export type UpdateMeInput = z.infer<typeof updateMeBody>;

export const verifyPhoneBody = z
  .object({ code: z.string().regex(/^\d{6}$/, "must be 6 digits") })
  .openapi("VerifyPhone");

export const tokenPairSchema = z
  .object({
    user: userSchema,
    token_type: z.literal("Bearer"),
    access_token: z.string().optional().openapi({ description: "Absent in cookie mode" }),
    refresh_token: z.string().optional().openapi({ description: "Absent in cookie mode" }),
    expires_in: z.number().int().openapi({ description: "Access token lifetime in seconds" }),
  })
  .openapi("Session");

export const acceptedSchema = z.object({ status: z.literal("accepted") }).openapi("Accepted");

export const authModeHeader = z.object({
  "x-auth-mode": z
    .enum(["token", "cookie"])
    .optional()
    .openapi({ description: "`cookie`: tokens are set as HttpOnly, Secure, SameSite=Strict cookies" }),
});
