import { createRoute } from "@hono/zod-openapi";
import { errorContent, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { addItemBody, applyDiscountBody, cartSchema, cartTokenHeader, itemIdParam, updateItemBody } from "./schemas";

const tags = ["Cart"];

/** A bearer token (customer) or none (guest). */
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, {}];

const cartResponses = {
  200: jsonContent(cartSchema, "The cart"),
  400: errorResponses[400],
  401: errorResponses[401],
  403: errorContent("Not a customer"),
};

const lineResponses = {
  ...cartResponses,
  404: errorContent("No such variant, or no such line in this cart"),
  409: errorContent("insufficient_stock, or product_unavailable (inactive, deleted, outside its sale window or its store suspended)"),
  422: errorContent("currency_mismatch, quantity_limit_exceeded or purchase_limit_exceeded"),
};

export const get = createRoute({
  method: "get",
  path: "/cart",
  tags,
  summary: "The cart (a guest with none sees an empty cart; the first write creates it and returns its cart_token)",
  security,
  request: { headers: cartTokenHeader },
  responses: cartResponses,
});

export const clear = createRoute({
  method: "delete",
  path: "/cart",
  tags,
  summary: "Empty the cart (lines and code)",
  security,
  request: { headers: cartTokenHeader },
  responses: cartResponses,
});

export const addItem = createRoute({
  method: "post",
  path: "/cart/items",
  tags,
  summary: "Add a variant (sums with an existing line)",
  security,
  request: { headers: cartTokenHeader, body: jsonBody(addItemBody) },
  responses: lineResponses,
});

export const updateItem = createRoute({
  method: "patch",
  path: "/cart/items/{item_id}",
  tags,
  summary: "Set a line's quantity",
  security,
  request: { headers: cartTokenHeader, params: itemIdParam, body: jsonBody(updateItemBody) },
  responses: lineResponses,
});

export const removeItem = createRoute({
  method: "delete",
  path: "/cart/items/{item_id}",
  tags,
  summary: "Remove a line",
  security,
  request: { headers: cartTokenHeader, params: itemIdParam },
  responses: { ...cartResponses, 404: errorContent("No such line in this cart") },
});

export const applyDiscount = createRoute({
  method: "post",
  path: "/cart/discount",
  tags,
  summary: "Apply a discount code (replaces the cart's code)",
  description:
    "422 codes: discount_invalid, discount_not_started, discount_expired, discount_exhausted, " +
    "discount_customer_limit, discount_not_applicable, discount_min_order.",
  security,
  request: { headers: cartTokenHeader, body: jsonBody(applyDiscountBody) },
  responses: { ...cartResponses, 422: errorContent("The code cannot apply; the error code says why") },
});

export const removeDiscount = createRoute({
  method: "delete",
  path: "/cart/discount",
  tags,
  summary: "Remove the cart's discount code",
  security,
  request: { headers: cartTokenHeader },
  responses: cartResponses,
});
