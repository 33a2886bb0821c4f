import { createRoute } from "@hono/zod-openapi";
import { cartTokenHeader } from "../cart/schemas";
import { requireAuth } from "../lib/auth";
import { bearerSecurity, errorContent, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { userSchema } from "../users/schemas";
import { acceptedSchema, authModeHeader, changePasswordBody, forgotPasswordBody, loginBody, otpRequestBody, otpVerifyBody, refreshBody, registerBody, resetPasswordBody, tokenPairSchema, updateMeBody, verifyPhoneBody } from "./schemas";

const tags = ["Auth"];
/** Sign-in routes: the auth mode, and a guest cart to bring along. */
const signInHeaders = authModeHeader.extend(cartTokenHeader.shape);

export const register = createRoute({
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
});

export const login = createRoute({
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
});

export const requestOtp = createRoute({
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
});

export const verifyOtp = createRoute({
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
});

export const refresh = createRoute({
  method: "post",
  path: "/auth/refresh",
  tags,
  summary: "Rotate a refresh token for a new token pair",
  description: "Reusing an already-rotated refresh token revokes every token of its login.",
  request: { headers: authModeHeader, body: jsonBody(refreshBody) },
  responses: { 200: jsonContent(tokenPairSchema, "New pair"), 400: errorResponses[400], 401: errorResponses[401] },
});

export const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  tags,
  summary: "Revoke a refresh token and its family",
  request: { body: jsonBody(refreshBody) },
  responses: { 204: { description: "Signed out" }, 400: errorResponses[400] },
});

export const changePassword = createRoute({
  method: "post",
  path: "/auth/password/change",
  tags,
  summary: "Change the password (signs out other sessions)",
  security: bearerSecurity,
  middleware: [requireAuth] as const,
  request: { body: jsonBody(changePasswordBody) },
  responses: { 204: { description: "Changed" }, 400: errorResponses[400], 401: errorResponses[401] },
});

export const forgotPassword = createRoute({
  method: "post",
  path: "/auth/password/forgot",
  tags,
  summary: "Email a single-use password reset token",
  description: "Answers 202 whether or not the email has an account.",
  request: { body: jsonBody(forgotPasswordBody) },
  responses: { 202: jsonContent(acceptedSchema, "Accepted"), 400: errorResponses[400] },
});

export const resetPassword = createRoute({
  method: "post",
  path: "/auth/password/reset",
  tags,
  summary: "Set a new password with a reset token",
  request: { body: jsonBody(resetPasswordBody) },
  responses: { 204: { description: "Password set; all sessions signed out" }, 400: errorResponses[400] },
});

export const getMe = createRoute({
  method: "get",
  path: "/auth/me",
  tags,
  summary: "The signed-in user",
  security: bearerSecurity,
  middleware: [requireAuth] as const,
  responses: { 200: jsonContent(userSchema, "The user"), 401: errorResponses[401] },
});

export const updateMe = createRoute({
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
});

export const verifyMyPhone = createRoute({
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
});
