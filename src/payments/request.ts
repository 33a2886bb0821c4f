/** What a request gives the payment services: env, db and the providers. */
import type { Context } from "hono";
import { createDb } from "../db/client";
import type { AppEnv } from "../env";
import type { EffectsContext } from "./effects";
import { providerDeps } from "./providers";

export function effectsContext(c: Context<AppEnv>): EffectsContext {
  return { env: c.env, db: createDb(c.env.DB), providers: providerDeps(c.env) };
}
