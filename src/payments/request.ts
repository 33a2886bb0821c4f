/** What a request gives the payment services: env, db and the providers. */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { EffectsContext } from "./effects";
import { providerDeps } from "./providers";

export function effectsContext(c: Context<AppEnv>): EffectsContext {
  const { env, db } = c.var.deps;
  return { env, db, providers: providerDeps(env) };
}
