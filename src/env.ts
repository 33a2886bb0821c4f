import type { Db } from "./db/client";

/**
 * Every binding, var and secret the Worker sees, declared once (mirrors wrangler.toml). It names no domain's
 * types, so that every domain can import it: a Durable Object namespace is typed by its own client
 * (inventory/stock-client.ts, orders/order-client.ts), a queue's body by its producer and consumer.
 */
export interface Env {
  DB: D1Database;
  CART_CACHE: KVNamespace;
  MEDIA: R2Bucket;
  EXPORTS: R2Bucket;
  STOCK: DurableObjectNamespace;
  ORDERS: DurableObjectNamespace;
  EMAIL_QUEUE: Queue;
  EXPORT_QUEUE: Queue;
  /** Workers Rate Limiting bindings (wrangler.toml `[[ratelimits]]`); optional so a missing one fails open. */
  RL_SIGNIN_CLIENT?: RateLimit;
  RL_SIGNIN_ACCOUNT?: RateLimit;
  RL_SIGNUP?: RateLimit;
  RL_MESSAGES_CLIENT?: RateLimit;
  RL_MESSAGES_RECIPIENT?: RateLimit;
  RL_ORDERS?: RateLimit;
  RL_CARTS?: RateLimit;
  RL_EXPORTS?: RateLimit;

  /** "production" in wrangler.toml; .dev.vars sets "development". */
  APP_ENV: string;
  APP_NAME: string;
  CURRENCY: string;
  CORS_ORIGINS: string;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  ACCESS_TOKEN_TTL_SECONDS: string;
  REFRESH_TOKEN_TTL_SECONDS: string;
  MAX_BODY_BYTES: string;
  MAX_IMAGE_BYTES: string;
  RESERVATION_TTL_SECONDS: string;
  CART_IDLE_DAYS: string;
  CART_LINE_MAX_QUANTITY: string;
  SHIPPING_FLAT_RATE: string;
  FREE_SHIPPING_THRESHOLD: string;
  TAX_RATE_BASIS_POINTS: string;
  TAX_INCLUSIVE: string;
  MIDTRANS_IS_PRODUCTION: string;
  BANK_TRANSFER_INSTRUCTIONS: string;
  /** Sender address for the email provider, e.g. `Shop <orders@shop.example>`. */
  EMAIL_FROM: string;
  MAX_UNPAID_ORDERS_PER_BUYER: string;
  MAX_UNPAID_ORDERS_PER_CLIENT: string;
  LOW_STOCK_THRESHOLD: string;
  STOCK_DIGEST_PERIOD_MINUTES: string;

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
