import { createRoute } from "@hono/zod-openapi";
import { mergeCartOnLogin } from "../cart/login-merge";
import { cartTokenHeader } from "../cart/schemas";
import { principalOf, requireAuth } from "../lib/auth";
import { unauthenticated } from "../lib/errors";
import { bearerSecurity, createRouter, errorContent, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { userSchema } from "../users/schemas";
import { getUser, toUserView } from "../users/service";
import { requestOtp, verifyOtp } from "./otp";
import { forgotPassword, resetPassword } from "./password-reset";
import {
  acceptedSchema,
  authModeHeader,
  changePasswordBody,
  forgotPasswordBody,
  loginBody,
  otpRequestBody,
  otpVerifyBody,
  refreshBody,
  registerBody,
  newPasswordOf,
  resetPasswordBody,
  tokenPairSchema,
  updateMeBody,
  verifyPhoneBody,
} from "./schemas";
import { changePassword, login, logout, refresh, register, startSession, updateMe, verifyMyPhone } from "./service";
import { clearSessionCookies, presentedRefreshToken, sessionBody } from "./session-response";

export const authRouter = createRouter();
const tags = ["Auth"];
/** Sign-in routes: the auth mode, and a guest cart to bring along. */
const signInHeaders = authModeHeader.extend(cartTokenHeader.shape);

authRouter.openapi(
  createRoute({
    method: "post",
    path: "/auth/register",
    tags,
    summary: "Create a customer account",
    description: "With X-Cart-Token, the guest cart becomes the new customer's cart.",
    request: { headers: signInHeaders, body: jsonBody(registerBody) },
    responses: {
      201: jsonContent(tokenPairSchema, "Registered and signed in"),
      400: errorResponses[400],
      409: errorContent("Email or phone already registered"),
    },
  }),
  async (c) => {
    const session = await register(c.var.deps, c.req.valid("json"));
    await mergeCartOnLogin(c, session.user);
    return c.json(sessionBody(c, session), 201);
  },
);

authRouter.openapi(
  createRoute({
    method: "post",
    path: "/auth/login",
    tags,
    summary: "Sign in with email and password",
    description: "With X-Cart-Token, a customer's guest cart merges into their cart.",
    request: { headers: signInHeaders, body: jsonBody(loginBody) },
    responses: {
      200: jsonContent(tokenPairSchema, "Signed in"),
      400: errorResponses[400],
      401: errorContent("Wrong email or password"),
    },
  }),
  async (c) => {
    const session = await login(c.var.deps, c.req.valid("json"));
    await mergeCartOnLogin(c, session.user);
    return c.json(sessionBody(c, session), 200);
  },
);

authRouter.openapi(
  createRoute({
    method: "post",
    path: "/auth/otp/request",
    tags,
    summary: "Send a 6-digit login code to a phone",
    description: "The code is delivered by the notification queue (the outbox locally); it is never in the response.",
    request: { body: jsonBody(otpRequestBody) },
    responses: {
      202: jsonContent(acceptedSchema, "Code sent"),
      400: errorResponses[400],
      429: errorContent("Too many codes for this phone"),
    },
  }),
  async (c) => {
    await requestOtp(c.var.deps, c.req.valid("json").phone);
    return c.json({ status: "accepted" as const }, 202);
  },
);

authRouter.openapi(
  createRoute({
    method: "post",
    path: "/auth/otp/verify",
    tags,
    summary: "Sign in (or sign up) a customer with a phone code",
    description: "With X-Cart-Token, the guest cart merges into the customer's cart.",
    request: { headers: signInHeaders, body: jsonBody(otpVerifyBody) },
    responses: {
      200: jsonContent(tokenPairSchema, "Signed in"),
      400: errorResponses[400],
      401: errorContent("Wrong or expired code"),
      429: errorContent("Too many wrong attempts"),
    },
  }),
  async (c) => {
    const { phone, code } = c.req.valid("json");
    const user = await verifyOtp(c.var.deps, phone, code);
    const session = await startSession(c.var.deps, user);
    await mergeCartOnLogin(c, session.user);
    return c.json(sessionBody(c, session), 200);
  },
);

authRouter.openapi(
  createRoute({
    method: "post",
    path: "/auth/refresh",
    tags,
    summary: "Rotate a refresh token for a new token pair",
    description: "Reusing an already-rotated refresh token revokes every token of its login.",
    request: { headers: authModeHeader, body: jsonBody(refreshBody) },
    responses: { 200: jsonContent(tokenPairSchema, "New pair"), 400: errorResponses[400], 401: errorResponses[401] },
  }),
  async (c) => {
    const token = presentedRefreshToken(c, c.req.valid("json").refresh_token);
    if (!token) throw unauthenticated("A refresh token is required");
    const session = await refresh(c.var.deps, token);
    return c.json(sessionBody(c, session), 200);
  },
);

authRouter.openapi(
  createRoute({
    method: "post",
    path: "/auth/logout",
    tags,
    summary: "Revoke a refresh token and its family",
    request: { body: jsonBody(refreshBody) },
    responses: { 204: { description: "Signed out" }, 400: errorResponses[400] },
  }),
  async (c) => {
    const token = presentedRefreshToken(c, c.req.valid("json").refresh_token);
    if (token) await logout(c.var.deps.db, token);
    clearSessionCookies(c);
    return c.body(null, 204);
  },
);

authRouter.openapi(
  createRoute({
    method: "post",
    path: "/auth/password/change",
    tags,
    summary: "Change the password (signs out other sessions)",
    security: bearerSecurity,
    middleware: [requireAuth] as const,
    request: { body: jsonBody(changePasswordBody) },
    responses: { 204: { description: "Changed" }, 400: errorResponses[400], 401: errorResponses[401] },
  }),
  async (c) => {
    const { current_password, new_password } = c.req.valid("json");
    await changePassword(c.var.deps.db, principalOf(c).id, current_password, new_password);
    return c.body(null, 204);
  },
);

authRouter.openapi(
  createRoute({
    method: "post",
    path: "/auth/password/forgot",
    tags,
    summary: "Email a single-use password reset token",
    description: "Answers 202 whether or not the email has an account.",
    request: { body: jsonBody(forgotPasswordBody) },
    responses: { 202: jsonContent(acceptedSchema, "Accepted"), 400: errorResponses[400] },
  }),
  async (c) => {
    await forgotPassword(c.var.deps, c.req.valid("json").email);
    return c.json({ status: "accepted" as const }, 202);
  },
);

authRouter.openapi(
  createRoute({
    method: "post",
    path: "/auth/password/reset",
    tags,
    summary: "Set a new password with a reset token",
    request: { body: jsonBody(resetPasswordBody) },
    responses: { 204: { description: "Password set; all sessions signed out" }, 400: errorResponses[400] },
  }),
  async (c) => {
    const body = c.req.valid("json");
    await resetPassword(c.var.deps.db, body.token, newPasswordOf(body));
    return c.body(null, 204);
  },
);

authRouter.openapi(
  createRoute({
    method: "get",
    path: "/auth/me",
    tags,
    summary: "The signed-in user",
    security: bearerSecurity,
    middleware: [requireAuth] as const,
    responses: { 200: jsonContent(userSchema, "The user"), 401: errorResponses[401] },
  }),
  async (c) => c.json(toUserView(await getUser(c.var.deps.db, principalOf(c).id)), 200),
);

authRouter.openapi(
  createRoute({
    method: "patch",
    path: "/auth/me",
    tags,
    summary: "Update the signed-in user's name, or claim a phone (a code is sent to it)",
    description:
      "A new phone becomes `pending_phone` and gets a code; POST /auth/me/phone/verify makes it the account's phone. " +
      "`phone: null` removes the phone.",
    security: bearerSecurity,
    middleware: [requireAuth] as const,
    request: { body: jsonBody(updateMeBody) },
    responses: {
      200: jsonContent(userSchema, "Updated"),
      400: errorResponses[400],
      401: errorResponses[401],
      429: errorContent("Too many codes for this phone"),
    },
  }),
  async (c) => c.json(toUserView(await updateMe(c.var.deps, principalOf(c).id, c.req.valid("json"))), 200),
);

authRouter.openapi(
  createRoute({
    method: "post",
    path: "/auth/me/phone/verify",
    tags,
    summary: "Verify the pending phone with the code sent to it",
    description: "The pending phone becomes the account's phone, the one OTP sign-in uses.",
    security: bearerSecurity,
    middleware: [requireAuth] as const,
    request: { body: jsonBody(verifyPhoneBody) },
    responses: {
      200: jsonContent(userSchema, "Verified"),
      400: errorResponses[400],
      401: errorContent("Not authenticated, or a wrong or expired code"),
      409: errorContent("no_pending_phone, or the phone belongs to another account"),
      429: errorContent("Too many wrong codes"),
    },
  }),
  async (c) =>
    c.json(toUserView(await verifyMyPhone(c.var.deps, principalOf(c).id, c.req.valid("json").code)), 200),
);

