/**
 * Every machine `code` an error response can carry. AppError takes only these, so the OpenAPI
 * document's enum (ErrorSchema) is the complete list a client can switch on.
 */
export const ERROR_CODES = [
  // Generic, also raised by middleware (codeForStatus).
  "bad_request",
  "validation_error",
  "unauthenticated",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "service_unavailable",
  "internal_error",
  "idempotency_conflict",
  // Auth.
  "invalid_credentials",
  "account_disabled",
  "weak_password",
  "invalid_otp",
  "otp_attempts_exceeded",
  "invalid_reset_token",
  "no_pending_phone",
  // Catalog.
  "unknown_store",
  "unknown_category",
  "category_cycle",
  "category_has_children",
  "category_has_products",
  // Stock, cart and discounts.
  "insufficient_stock",
  "purchase_limit_exceeded",
  "hold_not_found",
  "hold_expired",
  "hold_released",
  "hold_committed",
  "below_held",
  "not_initialized",
  "too_many_unpaid_orders",
  "stock_overloaded",
  "product_unavailable",
  "currency_mismatch",
  "quantity_limit_exceeded",
  "cart_empty",
  "discount_invalid",
  "discount_not_started",
  "discount_expired",
  "discount_exhausted",
  "discount_customer_limit",
  "discount_not_applicable",
  "discount_min_order",
  // Orders.
  "invalid_transition",
  "order_busy",
  "reservation_expired",
  "invoice_unavailable",
  // Payments.
  "order_not_payable",
  "nothing_to_pay",
  "not_manual_payment",
  "payment_not_pending",
  "payment_not_captured",
  "payment_not_refundable",
  "refund_exceeds_payment",
  "refund_not_due",
  "invalid_signature",
  "bad_amount",
  "provider_error",
  "provider_not_configured",
  // Reports.
  "export_not_ready",
  // Local development only (src/dev).
  "simulation_refused",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
