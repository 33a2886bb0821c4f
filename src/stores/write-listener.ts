import { createMiddleware } from "hono/factory";
import type { MiddlewareHandler } from "hono";
import type { AppEnv, Env } from "../env";

/**
 * What a store's change means outside stores: the catalog's public reads join a store's name and suspension, so the
 * catalog imports stores and stores cannot import the catalog. The catalog registers here instead, when the app loads
 * its routers (src/catalog/routes.ts).
 */
export interface StoreWriteListener {
  /** Route middleware around a store's write (the catalog forgets its version memo and hands out a bookmark). */
  aroundWrite: MiddlewareHandler<AppEnv>;
  /** After a store's `is_active` changed in D1 (carts reprice: the pricing version). */
  activeChanged: (env: Env) => Promise<void>;
}

let listener: StoreWriteListener | undefined;

export function listenToStoreWrites(l: StoreWriteListener): void {
  listener = l;
}

/** Loud when unset: a store write that the catalog does not hear of would leave suspended stores on sale. */
function registered(): StoreWriteListener {
  if (!listener) throw new Error("No store write listener: the catalog registers one when the app loads its routers");
  return listener;
}

export const aroundStoreWrite = createMiddleware<AppEnv>((c, next) => registered().aroundWrite(c, next));

export const storeActiveChanged = (env: Env) => registered().activeChanged(env);
