/**
 * Drizzle tables: the system of record in D1. Migrations in /migrations are generated
 * from this file (`npm run db:generate`); never hand-edit an applied migration.
 * Times are integer milliseconds since the epoch; money is integer minor units.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at")
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);
const updatedAt = () =>
  integer("updated_at")
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** Who made and who last changed a row: a user id, or null for the system (seed, cron). */
const authorship = () => ({ createdBy: text("created_by"), updatedBy: text("updated_by") });

export const stores = sqliteTable("stores", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  email: text("email"),
  isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
  ...authorship(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").unique(),
    /** Verified by an OTP sent to it: the only phone that signs anyone in. */
    phone: text("phone").unique(),
    /** Claimed (at registration or by PATCH /auth/me) but not yet verified; not unique, signs nobody in. */
    pendingPhone: text("pending_phone"),
    name: text("name").notNull().default(""),
    passwordHash: text("password_hash"),
    role: text("role", { enum: ["admin", "staff", "seller", "customer"] }).notNull().default("customer"),
    storeId: text("store_id").references(() => stores.id),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    ...authorship(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("users_role_idx").on(t.role), index("users_store_idx").on(t.storeId)],
);

/** Rotating refresh tokens; a family is one login's chain of rotations. */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: integer("expires_at").notNull(),
    rotatedAt: integer("rotated_at"),
    revokedAt: integer("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("refresh_tokens_family_idx").on(t.familyId), index("refresh_tokens_user_idx").on(t.userId)],
);

export const otpCodes = sqliteTable(
  "otp_codes",
  {
    id: text("id").primaryKey(),
    phone: text("phone").notNull(),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: integer("expires_at").notNull(),
    consumedAt: integer("consumed_at"),
    createdAt: createdAt(),
  },
  (t) => [index("otp_codes_phone_created_idx").on(t.phone, t.createdAt)],
);

export const passwordResetTokens = sqliteTable(
  "password_reset_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("password_reset_tokens_user_idx").on(t.userId)],
);

/** Every email the system sends; with no provider configured this table is the mailbox. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    template: text("template").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    status: text("status", { enum: ["sent", "failed"] }).notNull().default("sent"),
    transport: text("transport").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_to_idx").on(t.to), index("outbox_created_idx").on(t.createdAt)],
);

/**
 * An email decided in the same D1 batch as the change it reports (checkout), queued right after.
 * Until the message reaches the outbox (every transport's delivery log) a cron re-queues it, so a
 * Worker cut off between the batch and the queue send still sends it; the outbox's key dedupes.
 */
export const emailIntents = sqliteTable(
  "email_intents",
  {
    key: text("key").primaryKey(),
    message: text("message", { mode: "json" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("email_intents_created_idx").on(t.createdAt)],
);

/**
 * Category trees: the global one (store_id null, shaped by staff) and one per store (its seller's). A slug is
 * unique within its tree; a parent is always in the same tree.
 */
export const categories = sqliteTable(
  "categories",
  {
    id: text("id").primaryKey(),
    parentId: text("parent_id"),
    storeId: text("store_id").references(() => stores.id),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
    ...authorship(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("categories_parent_idx").on(t.parentId),
    uniqueIndex("categories_global_slug_unique").on(t.slug).where(sql`store_id IS NULL`),
    uniqueIndex("categories_store_slug_unique").on(t.storeId, t.slug).where(sql`store_id IS NOT NULL`),
  ],
);

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    categoryId: text("category_id")
      .notNull()
      .references(() => categories.id),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    basePrice: integer("base_price").notNull(),
    /** Listing ("from") price: the lowest live variant price, else base_price. Kept by triggers (catalog_search migration). */
    price: integer("price").notNull().default(0),
    currency: text("currency").notNull(),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    /** A sale window (e.g. a flash sale): outside it the product is hidden and unbuyable. Null: no bound. */
    availableFrom: integer("available_from"),
    availableUntil: integer("available_until"),
    deletedAt: integer("deleted_at"),
    ...authorship(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("products_category_idx").on(t.categoryId, t.isActive, t.deletedAt),
    index("products_price_idx").on(t.basePrice),
    // Admin list (every status): newest first, per store or across stores, keyset on (created_at, id).
    index("products_created_idx").on(t.createdAt, t.id),
    index("products_store_all_created_idx").on(t.storeId, t.createdAt, t.id),
    // Public listing (keyset pages): equality on the live columns (and the store), then the ordering column and
    // the id tiebreak, so each ordering reads straight off one index from the cursor on, with no sort.
    index("products_live_created_idx").on(t.isActive, t.deletedAt, t.createdAt, t.id),
    index("products_live_price_idx").on(t.isActive, t.deletedAt, t.price, t.id),
    index("products_store_created_idx").on(t.storeId, t.isActive, t.deletedAt, t.createdAt, t.id),
    index("products_store_price_idx").on(t.storeId, t.isActive, t.deletedAt, t.price, t.id),
  ],
);

/**
 * Sellable unit. on_hand/reserved/available are a read model refreshed from the
 * variant's StockObject, which alone decides stock (docs/ARCHITECTURE.md invariant 1).
 */
export const productVariants = sqliteTable(
  "product_variants",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    sku: text("sku").notNull().unique(),
    size: text("size"),
    color: text("color"),
    price: integer("price"),
    onHand: integer("on_hand").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
    available: integer("available").notNull().default(0),
    stockVersion: integer("stock_version").notNull().default(0),
    /** Flash-sale limit: units one buyer (customer id or normalized guest email) may hold or buy; null = none. */
    maxPerCustomer: integer("max_per_customer"),
    /** How long checkout holds this variant for an unpaid order; null = RESERVATION_TTL_SECONDS. */
    holdSeconds: integer("hold_seconds"),
    /** The stock digest reports the variant below this many available units; null = LOW_STOCK_THRESHOLD. */
    lowStockThreshold: integer("low_stock_threshold"),
    deletedAt: integer("deleted_at"),
    ...authorship(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("product_variants_product_idx").on(t.productId),
    index("product_variants_size_idx").on(t.size),
    index("product_variants_color_idx").on(t.color),
    // Low-stock keyset pages: emptiest first, SKU as the tiebreak.
    index("product_variants_available_sku_idx").on(t.available, t.sku),
  ],
);

/**
 * Closure of the category tree: one row per (ancestor, descendant) pair, the category itself at depth 0.
 * Kept by triggers (catalog_pages migration), so "a category and everything below it" is one index range.
 */
export const categoryAncestors = sqliteTable(
  "category_ancestors",
  {
    ancestorId: text("ancestor_id").notNull(),
    categoryId: text("category_id").notNull(),
    depth: integer("depth").notNull(),
  },
  (t) => [primaryKey({ columns: [t.ancestorId, t.categoryId] }), index("category_ancestors_category_idx").on(t.categoryId)],
);

/**
 * A category's live products, one row per (category or ancestor, product): derived data kept by triggers
 * (catalog_pages migration) so a category page, subcategories included, reads one ordered index range
 * instead of sorting every product below the category.
 */
export const productListing = sqliteTable(
  "product_listing",
  {
    categoryId: text("category_id").notNull(),
    productId: text("product_id").notNull(),
    createdAt: integer("created_at").notNull(),
    price: integer("price").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.categoryId, t.productId] }),
    index("product_listing_created_idx").on(t.categoryId, t.createdAt, t.productId),
    index("product_listing_price_idx").on(t.categoryId, t.price, t.productId),
    index("product_listing_product_idx").on(t.productId),
  ],
);

export const productImages = sqliteTable(
  "product_images",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    key: text("key").notNull().unique(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    altText: text("alt_text").notNull().default(""),
    position: integer("position").notNull().default(0),
    isPrimary: integer("is_primary", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    ...authorship(),
  },
  (t) => [
    index("product_images_product_idx").on(t.productId, t.position),
    uniqueIndex("product_images_one_primary").on(t.productId).where(sql`is_primary = 1`),
  ],
);

/** Idempotency-Key records: the first response for (scope, key), replayed for 24 h. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    id: text("id").primaryKey(),
    requestHash: text("request_hash").notNull(),
    state: text("state", { enum: ["in_progress", "done"] }).notNull(),
    statusCode: integer("status_code"),
    responseBody: text("response_body"),
    expiresAt: integer("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("idempotency_keys_expires_idx").on(t.expiresAt)],
);

export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    number: text("number").notNull().unique(),
    userId: text("user_id").references(() => users.id),
    email: text("email").notNull(),
    orderTokenHash: text("order_token_hash"),
    status: text("status").notNull(),
    paymentStatus: text("payment_status").notNull().default("unpaid"),
    currency: text("currency").notNull(),
    subtotal: integer("subtotal").notNull(),
    discount: integer("discount").notNull().default(0),
    shipping: integer("shipping").notNull().default(0),
    tax: integer("tax").notNull().default(0),
    total: integer("total").notNull(),
    /** Sum of refunds issued so far (payments domain); net revenue is total − refunded_amount. */
    refundedAmount: integer("refunded_amount").notNull().default(0),
    discountId: text("discount_id"),
    discountCode: text("discount_code"),
    shippingAddress: text("shipping_address", { mode: "json" }).notNull(),
    billingAddress: text("billing_address", { mode: "json" }),
    shippingMethod: text("shipping_method").notNull().default("standard"),
    notes: text("notes"),
    trackingNumber: text("tracking_number"),
    reservationExpiresAt: integer("reservation_expires_at"),
    /** Normalized buyer identity (orders/buyer-key.ts): per-customer limits and the hoarding cap. */
    buyerKey: text("buyer_key"),
    /** Hash of the client network that placed the order, for the per-client hoarding cap. */
    clientKey: text("client_key"),
    paidAt: integer("paid_at"),
    /** The one payment applied to this order (written by its OrderObject); any other success is refunded. */
    paidPaymentId: text("paid_payment_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("orders_user_created_idx").on(t.userId, t.createdAt),
    // Admin keyset pages: each ordering ends in the id tiebreak so the cursor is one index range.
    index("orders_status_created_idx").on(t.status, t.createdAt, t.id),
    index("orders_total_id_idx").on(t.total, t.id),
    index("orders_payment_status_idx").on(t.paymentStatus),
    index("orders_email_idx").on(t.email),
    index("orders_created_idx").on(t.createdAt),
    index("orders_reservation_idx").on(t.status, t.reservationExpiresAt),
    // Keyset pagination of exports: (created_at, id) cursors read straight off this index.
    index("orders_created_id_idx").on(t.createdAt, t.id),
    // Live unpaid orders per buyer and per client (the hoarding caps): equality, equality, range.
    index("orders_buyer_unpaid_idx").on(t.buyerKey, t.status, t.reservationExpiresAt),
    index("orders_client_unpaid_idx").on(t.clientKey, t.status, t.reservationExpiresAt),
  ],
);

/** Lines with the product snapshotted at checkout: later catalog edits do not rewrite history. */
export const orderItems = sqliteTable(
  "order_items",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    variantId: text("variant_id").notNull(),
    productId: text("product_id").notNull(),
    storeId: text("store_id").notNull(),
    categoryId: text("category_id"),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    size: text("size"),
    color: text("color"),
    unitPrice: integer("unit_price").notNull(),
    quantity: integer("quantity").notNull(),
    lineTotal: integer("line_total").notNull(),
  },
  (t) => [
    index("order_items_order_idx").on(t.orderId),
    index("order_items_store_idx").on(t.storeId, t.orderId),
    index("order_items_product_idx").on(t.productId),
  ],
);

export const orderEvents = sqliteTable(
  "order_events",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    actorId: text("actor_id"),
    actorRole: text("actor_role").notNull(),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.createdAt)],
);

/** Invoice numbers come from MAX(number) + 1 inside the insert: one statement, so gap-free and unique. */
export const invoices = sqliteTable("invoices", {
  id: text("id").primaryKey(),
  orderId: text("order_id")
    .notNull()
    .unique()
    .references(() => orders.id),
  number: integer("number").notNull().unique(),
  r2Key: text("r2_key").notNull(),
  createdAt: createdAt(),
});

/** One row; its token changes on every catalog write (triggers), so edge-cache keys built from it go stale at once. */
export const catalogVersion = sqliteTable("catalog_version", {
  id: integer("id").primaryKey(),
  version: text("version").notNull(),
});

/**
 * Discount codes. `code` is stored upper-cased, so the partial unique index makes codes unique
 * case-insensitively among live (not soft-deleted) codes. `used_count` is only ever changed by
 * the conditional update in discounts/service.ts `redeemDiscount` (and `releaseDiscount`).
 */
export const discounts = sqliteTable(
  "discounts",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull(),
    type: text("type", { enum: ["percent", "fixed", "free_shipping"] }).notNull(),
    /** percent: whole percent 1–100; fixed: minor units; free_shipping: 0. */
    value: integer("value").notNull().default(0),
    minOrder: integer("min_order").notNull().default(0),
    startsAt: integer("starts_at"),
    endsAt: integer("ends_at"),
    usageLimit: integer("usage_limit"),
    perCustomerLimit: integer("per_customer_limit"),
    usedCount: integer("used_count").notNull().default(0),
    scopeType: text("scope_type", { enum: ["store", "category", "product"] }),
    scopeId: text("scope_id"),
    deletedAt: integer("deleted_at"),
    ...authorship(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("discounts_live_code_unique").on(t.code).where(sql`deleted_at IS NULL`)],
);

/** One row per order that used a code: the unique order id makes a retried redeem count once. */
export const discountRedemptions = sqliteTable(
  "discount_redemptions",
  {
    id: text("id").primaryKey(),
    discountId: text("discount_id")
      .notNull()
      .references(() => discounts.id),
    customerKey: text("customer_key").notNull(),
    orderId: text("order_id").notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [index("discount_redemptions_customer_idx").on(t.discountId, t.customerKey)],
);

/**
 * Carts: a guest cart is found by the SHA-256 of its token (the token itself is never stored),
 * a customer's by user id (one per customer). `version` rises on every change; cached views carry it.
 */
export const carts = sqliteTable(
  "carts",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").unique(),
    userId: text("user_id")
      .unique()
      .references(() => users.id),
    discountId: text("discount_code_id").references(() => discounts.id),
    version: integer("version").notNull().default(1),
    expiresAt: integer("expires_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("carts_expires_idx").on(t.expiresAt)],
);

export const cartItems = sqliteTable(
  "cart_items",
  {
    id: text("id").primaryKey(),
    cartId: text("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    variantId: text("variant_id")
      .notNull()
      .references(() => productVariants.id),
    quantity: integer("quantity").notNull(),
    unitPriceSeen: integer("unit_price_seen").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("cart_items_cart_variant_unique").on(t.cartId, t.variantId)],
);

/** One attempt to pay an order through one provider. Amounts in the shop's minor unit (money.ts). */
export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    provider: text("provider").notNull(),
    /** Stripe PaymentIntent id, Midtrans order_id (our payment id); null for a manual transfer. */
    providerRef: text("provider_ref"),
    /** Stripe charge id or Midtrans transaction_id, once the provider reports one. */
    providerTransactionRef: text("provider_transaction_ref"),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    status: text("status").notNull(),
    refundedAmount: integer("refunded_amount").notNull().default(0),
    /** What the client needs to pay (client_secret, snap token, bank instructions). */
    clientData: text("client_data", { mode: "json" }).$type<Record<string, string>>().notNull(),
    /** The provider's last raw word on this payment, for support. */
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>(),
    failureReason: text("failure_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId),
    uniqueIndex("payments_provider_ref_idx").on(t.provider, t.providerRef),
    // Admin keyset pages (newest first, id tiebreak), filtered or not.
    index("payments_status_created_idx").on(t.status, t.createdAt, t.id),
    index("payments_provider_created_idx").on(t.provider, t.createdAt, t.id),
    index("payments_created_idx").on(t.createdAt, t.id),
  ],
);

/** A payment's history: every status change, refund, refusal and automatic compensation. */
export const paymentEvents = sqliteTable(
  "payment_events",
  {
    id: text("id").primaryKey(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id),
    type: text("type").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    amount: integer("amount"),
    /** Who said so: a webhook event id, a staff user id, or "system". */
    source: text("source").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("payment_events_payment_idx").on(t.paymentId, t.createdAt)],
);

/**
 * Money going back, one row per refund. Recorded `pending` before the provider is called, under a
 * key derived from this row's id, so a retry refunds once; `due` is a manual transfer staff pay out
 * by hand (staff mark it settled), `failed` a refund the provider refused. Created and resolved only by the
 * order's OrderObject.
 */
export const refunds = sqliteTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    amount: integer("amount").notNull(),
    status: text("status", { enum: ["pending", "succeeded", "due", "failed"] }).notNull(),
    /** requested_by_customer, order_cancelled, out_of_stock, already_paid, external. */
    reason: text("reason").notNull(),
    /** A staff user id, a webhook source, or "system". */
    source: text("source").notNull(),
    providerRefundRef: text("provider_refund_ref"),
    failureReason: text("failure_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("refunds_payment_idx").on(t.paymentId), index("refunds_status_created_idx").on(t.status, t.createdAt)],
);

/** Each provider delivery once: the unique (provider, event_id) is what makes a redelivery a no-op. */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    status: text("status").notNull(),
    paymentId: text("payment_id"),
    receivedAt: createdAt(),
    processedAt: integer("processed_at"),
  },
  (t) => [uniqueIndex("webhook_events_provider_event_idx").on(t.provider, t.eventId)],
);

/** Report files built by the export queue; the file itself lives in R2 `EXPORTS` under `r2_key`. */
export const reportExports = sqliteTable(
  "report_exports",
  {
    id: text("id").primaryKey(),
    report: text("report").notNull(),
    format: text("format").notNull(),
    /** The report's parameters as requested (from, to, group_by), validated again by the consumer. */
    params: text("params", { mode: "json" }).notNull(),
    status: text("status", { enum: ["queued", "running", "done", "failed"] }).notNull().default("queued"),
    error: text("error"),
    r2Key: text("r2_key"),
    rowCount: integer("row_count"),
    byteSize: integer("byte_size"),
    requestedBy: text("requested_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    completedAt: integer("completed_at"),
  },
  (t) => [index("report_exports_requested_idx").on(t.requestedBy, t.createdAt)],
);

/** Queue messages that exhausted their retries, recorded by the dead-letter consumers for an operator. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text("id").primaryKey(),
    queue: text("queue").notNull(),
    messageId: text("message_id").notNull(),
    body: text("body", { mode: "json" }).notNull(),
    attempts: integer("attempts").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("dead_letters_message_idx").on(t.queue, t.messageId),
    index("dead_letters_created_idx").on(t.createdAt),
  ],
);

/**
 * Append-only record of every admin, staff and seller write: who (and as what role), what they did to which
 * object, each changed field before and after, and the request. Written in the same D1 batch as the change.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    actorId: text("actor_id").notNull(),
    actorRole: text("actor_role").notNull(),
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: text("object_id").notNull(),
    /** JSON `{ field: { before, after } }`. */
    changes: text("changes").notNull(),
    requestId: text("request_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_created_idx").on(t.createdAt, t.id),
    index("audit_log_actor_idx").on(t.actorId, t.createdAt, t.id),
    index("audit_log_object_idx").on(t.objectType, t.objectId, t.createdAt, t.id),
  ],
);

/**
 * The last low-stock digest sent to each recipient (a staff member, or a seller for their store). A digest goes
 * out only when its contents change: all of it compared once per period, its flash-sale variants on every run.
 * `seq` counts the digests sent: the next one's email key, and the guard of the conditional update that claims it.
 */
export const stockDigests = sqliteTable("stock_digests", {
  recipient: text("recipient").primaryKey(),
  fingerprint: text("fingerprint").notNull(),
  flashFingerprint: text("flash_fingerprint").notNull(),
  seq: integer("seq").notNull().default(0),
  checkedAt: integer("checked_at").notNull(),
  sentAt: integer("sent_at"),
});
