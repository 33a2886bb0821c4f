import { createRouter } from "../lib/openapi";
import * as handlers from "./auth.handlers";
import * as routes from "./auth.routes";

export const authRouter = createRouter()
  .openapi(routes.register, handlers.register)
  .openapi(routes.login, handlers.login)
  .openapi(routes.requestOtp, handlers.requestOtp)
  .openapi(routes.verifyOtp, handlers.verifyOtp)
  .openapi(routes.refresh, handlers.refresh)
  .openapi(routes.logout, handlers.logout)
  .openapi(routes.changePassword, handlers.changePassword)
  .openapi(routes.forgotPassword, handlers.forgotPassword)
  .openapi(routes.resetPassword, handlers.resetPassword)
  .openapi(routes.getMe, handlers.getMe)
  .openapi(routes.updateMe, handlers.updateMe)
  .openapi(routes.verifyMyPhone, handlers.verifyMyPhone);
