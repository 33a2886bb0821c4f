import { z } from "@hono/zod-openapi";
import { errorCodeSchema } from "../lib/openapi";
import { emailField } from "../users/schemas";
import { ORDER_STATUSES } from "./state-machine";

const addressSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    phone: z.string().trim().min(6).max(20),
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    province: z.string().trim().max(100).optional(),
    postal_code: z.string().trim().min(3).max(12),
    country: z
      .string()
      .trim()
      .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as ID")
      .openapi({ example: "ID" }),
  })
  .openapi("Address");
export type Address = z.infer<typeof addressSchema>;

export const checkoutBody = z
  .object({
    shipping_address: addressSchema,
    billing_address: addressSchema.optional(),
    email: emailField.optional().openapi({ description: "Required for guests; customers use their account email" }),
    shipping_method: z.enum(["standard"]).default("standard"),
    notes: z.string().trim().max(500).optional(),
  })
  .openapi("Checkout");
export type CheckoutInput = z.infer<typeof checkoutBody>;

const orderItemSchema = z
  .object({
    id: z.string(),
    variant_id: z.string(),
    product_id: z.string(),
    store_id: z.string(),
    sku: z.string(),
    name: z.string(),
    size: z.string().nullable(),
    color: z.string().nullable(),
    unit_price: z.number().int(),
    quantity: z.number().int(),
    line_total: z.number().int(),
  })
  .openapi("OrderItem");

const orderEventSchema = z
  .object({
    from_status: z.string().nullable(),
    to_status: z.string(),
    actor_role: z.string(),
    actor_id: z.string().nullable(),
    note: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("OrderEvent");

export const orderSchema = z
  .object({
    id: z.string(),
    number: z.string().openapi({ example: "ORD-20261123-7KQ2M" }),
    status: z.enum(ORDER_STATUSES),
    payment_status: z.string(),
    email: z.string(),
    items: z.array(orderItemSchema),
    subtotal: z.number().int(),
    discount: z.number().int(),
    discount_code: z.string().nullable(),
    shipping: z.number().int(),
    tax: z.number().int(),
    total: z.number().int(),
    currency: z.string(),
    shipping_address: addressSchema,
    billing_address: addressSchema.nullable(),
    shipping_method: z.string(),
    notes: z.string().nullable(),
    tracking_number: z.string().nullable(),
    reservation_expires_at: z.string().nullable(),
    events: z.array(orderEventSchema),
    order_token: z.string().optional().openapi({ description: "Guests only, once, at checkout: send as X-Order-Token" }),
    scoped_store_id: z.string().optional().openapi({
      description:
        "Set when a seller views an order that also holds other stores' lines: items, subtotal and total are this store's only (discount, shipping and tax 0)",
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Order");
export type OrderView = z.infer<typeof orderSchema>;

export const orderSummarySchema = orderSchema
  .pick({ id: true, number: true, status: true, payment_status: true, email: true, total: true, currency: true, created_at: true })
  .extend({ item_count: z.number().int() })
  .openapi("OrderSummary");
export type OrderSummary = z.infer<typeof orderSummarySchema>;

export const ORDERINGS = ["created_at", "-created_at", "total", "-total"] as const;

export const myOrdersQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  ordering: z.enum(ORDERINGS).default("-created_at"),
});

export const adminOrdersQuery = myOrdersQuery.extend({
  payment_status: z.string().max(40).optional(),
  store: z.string().max(64).optional().openapi({ description: "Store id: orders with at least one of its items" }),
  search: z.string().trim().max(100).optional().openapi({ description: "Order number or email" }),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
export type AdminOrdersQuery = z.infer<typeof adminOrdersQuery>;

export const transitionBody = z
  .object({
    to: z.enum(ORDER_STATUSES),
    tracking_number: z.string().trim().min(3).max(64).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .openapi("OrderTransition");
export type TransitionInput = z.infer<typeof transitionBody>;

export const bulkTransitionBody = z
  .object({
    order_ids: z.array(z.string().min(1)).min(1).max(100),
    to: z.enum(ORDER_STATUSES),
    note: z.string().trim().max(500).optional(),
  })
  .openapi("BulkOrderTransition");

export const bulkTransitionResult = z
  .object({
    results: z.array(
      z.object({
        order_id: z.string(),
        ok: z.boolean(),
        status: z.string().optional(),
        error: z.object({ code: errorCodeSchema, message: z.string() }).optional(),
      }),
    ),
  })
  .openapi("BulkOrderTransitionResult");

export const orderStatsSchema = z
  .object({
    currency: z.string(),
    counts_by_status: z.record(z.string(), z.number().int()),
    revenue: z.number().int().openapi({ description: "Sum of totals of orders paid and not cancelled/refunded" }),
    paid_orders: z.number().int(),
    average_order_value: z.number().int(),
    orders_by_month: z.array(z.object({ month: z.string(), orders: z.number().int(), revenue: z.number().int() })),
    recent_orders: z.array(orderSummarySchema),
  })
  .openapi("OrderStats");

export const orderTokenHeader = z.object({
  "x-order-token": z.string().max(200).optional().openapi({ description: "Guest access to an order" }),
});
