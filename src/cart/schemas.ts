import { z } from "@hono/zod-openapi";
import { DISCOUNT_REASONS } from "../discounts/rules";

const reasons = Object.keys(DISCOUNT_REASONS) as [keyof typeof DISCOUNT_REASONS, ...(keyof typeof DISCOUNT_REASONS)[]];

/** Lenient on purpose: an unknown or mangled token just means a new guest cart (or no merge at login). */
export const cartTokenHeader = z.object({
  "x-cart-token": z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "A guest's cart token, from an earlier cart response" }),
});

const cartItemSchema = z
  .object({
    id: z.string(),
    variant_id: z.string(),
    sku: z.string(),
    name: z.string(),
    size: z.string().nullable(),
    color: z.string().nullable(),
    quantity: z.number().int(),
    unit_price: z.number().int().openapi({ description: "Live price; totals and orders use it" }),
    unit_price_seen: z.number().int().openapi({ description: "Price when the line was added" }),
    price_changed: z.boolean(),
    available: z.number().int(),
    sellable: z.boolean().openapi({ description: "false: the product was withdrawn; the line is left out of the totals" }),
  })
  .openapi("CartItem");

export const cartSchema = z
  .object({
    cart_token: z.string().optional().openapi({ description: "Guests only: send it back as X-Cart-Token" }),
    items: z.array(cartItemSchema),
    discount_code: z.string().nullable(),
    discount_reason: z
      .enum(reasons)
      .optional()
      .openapi({ description: "Why the cart's code no longer applies (it is left out of the totals)" }),
    subtotal: z.number().int(),
    discount: z.number().int(),
    shipping: z.number().int(),
    tax: z.number().int(),
    total: z.number().int(),
    currency: z.string(),
  })
  .openapi("Cart");
export type CartView = z.infer<typeof cartSchema>;
/** The view as cached: the same for every request, so the guest's token is added per response. */
export type CartBody = Omit<CartView, "cart_token">;

/** Far above any sane line cap; the configured CART_LINE_MAX_QUANTITY is checked by the service. */
const quantity = z.number().int().min(1).max(10_000);

export const addItemBody = z.object({ variant_id: z.string().min(1).max(64), quantity }).openapi("AddCartItem");
export const updateItemBody = z.object({ quantity }).openapi("UpdateCartItem");
export const applyDiscountBody = z.object({ code: z.string().trim().min(1).max(64) }).openapi("ApplyDiscount");

export const itemIdParam = z.object({
  item_id: z.string().min(1).max(64).openapi({ param: { name: "item_id", in: "path" } }),
});
