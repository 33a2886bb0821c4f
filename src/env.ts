import type { Db } from "./db/client";

/**
 * Every binding, var and secret the Worker sees. Bindings and vars come from wrangler.toml through
 * `npm run types` (`wrangler types` → worker-configuration.d.ts, `WranglerEnv`; CI fails when it is stale);
 * secrets are declared here, optional: local development and tests run without them.
 */
export interface Env extends WranglerEnv {
  /** Secrets (`wrangler secret put`, `.dev.vars` locally). */
  JWT_SECRET?: string;
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  MIDTRANS_SERVER_KEY?: string;
  /** Resend API key; unset → emails go to the D1 outbox. */
  EMAIL_API_KEY?: string;
  /** "true" only in .dev.vars: local payment sandboxes and the simulate route (src/dev/enabled.ts). */
  PAYMENT_SANDBOX?: string;
}

/** The authenticated caller, set by the auth middleware. */
export interface Principal {
  id: string;
  role: Role;
  storeId: string | null;
}

export const ROLES = ["admin", "staff", "seller", "customer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a request gives its handlers and services, built once per request by `provideDeps` (src/lib/deps.ts):
 * handlers read `c.var.deps` instead of building a db themselves.
 */
export interface Deps {
  env: Env;
  db: Db;
  /** The caller, as `authenticate` found it (undefined for a guest). */
  principal: Principal | undefined;
  /** Work that may finish after the response (`waitUntil`). */
  defer: (task: Promise<unknown>) => void;
}

/** What a service that only reads needs of the request (a request's `deps` is one; a Durable Object or queue passes `{ db }`). */
export type ReadDeps = Pick<Deps, "db">;

/** What a service that writes needs of the request: its bindings and the db (a request's `deps` is one). */
export type DbDeps = Pick<Deps, "env" | "db">;

/** Hono's generic for every router in the app. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    principal: Principal | undefined;
    deps: Deps;
  };
}
