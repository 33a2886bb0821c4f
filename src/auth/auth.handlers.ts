import { mergeCartOnLogin } from "../cart/login-merge";
import { principalOf } from "../lib/auth";
import { unauthenticated } from "../lib/errors";
import type { AppRouteHandler } from "../lib/openapi";
import { getUser, toUserView } from "../users/service";
import type * as routes from "./auth.routes";
import * as otp from "./otp";
import * as passwordReset from "./password-reset";
import { newPasswordOf } from "./schemas";
import * as service from "./service";
import { clearSessionCookies, presentedRefreshToken, sessionBody } from "./session-response";

export const register: AppRouteHandler<typeof routes.register> = async (c) => {
  const session = await service.register(c.var.deps, c.req.valid("json"));
  await mergeCartOnLogin(c, session.user);
  return c.json(sessionBody(c, session), 201);
};

export const login: AppRouteHandler<typeof routes.login> = async (c) => {
  const session = await service.login(c.var.deps, c.req.valid("json"));
  await mergeCartOnLogin(c, session.user);
  return c.json(sessionBody(c, session), 200);
};

export const requestOtp: AppRouteHandler<typeof routes.requestOtp> = async (c) => {
  await otp.requestOtp(c.var.deps, c.req.valid("json").phone);
  return c.json({ status: "accepted" as const }, 202);
};

export const verifyOtp: AppRouteHandler<typeof routes.verifyOtp> = async (c) => {
  const { phone, code } = c.req.valid("json");
  const user = await otp.verifyOtp(c.var.deps, phone, code);
  const session = await service.startSession(c.var.deps, user);
  await mergeCartOnLogin(c, session.user);
  return c.json(sessionBody(c, session), 200);
};

export const refresh: AppRouteHandler<typeof routes.refresh> = async (c) => {
  const token = presentedRefreshToken(c, c.req.valid("json").refresh_token);
  if (!token) throw unauthenticated("A refresh token is required");
  const session = await service.refresh(c.var.deps, token);
  return c.json(sessionBody(c, session), 200);
};

export const logout: AppRouteHandler<typeof routes.logout> = async (c) => {
  const token = presentedRefreshToken(c, c.req.valid("json").refresh_token);
  if (token) await service.logout(c.var.deps, token);
  clearSessionCookies(c);
  return c.body(null, 204);
};

export const changePassword: AppRouteHandler<typeof routes.changePassword> = async (c) => {
  const { current_password, new_password } = c.req.valid("json");
  await service.changePassword(c.var.deps, principalOf(c).id, current_password, new_password);
  return c.body(null, 204);
};

export const forgotPassword: AppRouteHandler<typeof routes.forgotPassword> = async (c) => {
  await passwordReset.forgotPassword(c.var.deps, c.req.valid("json").email);
  return c.json({ status: "accepted" as const }, 202);
};

export const resetPassword: AppRouteHandler<typeof routes.resetPassword> = async (c) => {
  const body = c.req.valid("json");
  await passwordReset.resetPassword(c.var.deps, body.token, newPasswordOf(body));
  return c.body(null, 204);
};

export const getMe: AppRouteHandler<typeof routes.getMe> = async (c) =>
  c.json(toUserView(await getUser(c.var.deps, principalOf(c).id)), 200);

export const updateMe: AppRouteHandler<typeof routes.updateMe> = async (c) =>
  c.json(toUserView(await service.updateMe(c.var.deps, principalOf(c).id, c.req.valid("json"))), 200);

export const verifyMyPhone: AppRouteHandler<typeof routes.verifyMyPhone> = async (c) =>
  c.json(toUserView(await service.verifyMyPhone(c.var.deps, principalOf(c).id, c.req.valid("json").code)), 200);
