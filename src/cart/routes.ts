import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { createRouter, errorContent, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { addItemBody, applyDiscountBody, cartSchema, cartTokenHeader, type CartView, itemIdParam, updateItemBody } from "./schemas";
import {
  addCartItem,
  applyCartDiscount,
  clearCart,
  getCart,
  removeCartDiscount,
  removeCartItem,
  updateCartItem,
} from "./service";
import { cartDepsOf, cartOwnerOf } from "./request";

export const cartRouter = createRouter();
const tags = ["Cart"];
/** A bearer token (customer) or none (guest). */
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, {}];

/** Guests also get their token as a header, so a client can keep it without parsing the body. */
function respond(c: Context<AppEnv>, view: CartView) {
  if (view.cart_token) c.header("X-Cart-Token", view.cart_token);
  return c.json(view, 200);
}

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

cartRouter.openapi(
  createRoute({
    method: "get",
    path: "/cart",
    tags,
    summary: "The cart (a guest with none sees an empty cart; the first write creates it and returns its cart_token)",
    security,
    request: { headers: cartTokenHeader },
    responses: cartResponses,
  }),
  async (c) => respond(c, await getCart(cartDepsOf(c), cartOwnerOf(c))),
);

cartRouter.openapi(
  createRoute({
    method: "delete",
    path: "/cart",
    tags,
    summary: "Empty the cart (lines and code)",
    security,
    request: { headers: cartTokenHeader },
    responses: cartResponses,
  }),
  async (c) => respond(c, await clearCart(cartDepsOf(c), cartOwnerOf(c))),
);

cartRouter.openapi(
  createRoute({
    method: "post",
    path: "/cart/items",
    tags,
    summary: "Add a variant (sums with an existing line)",
    security,
    request: { headers: cartTokenHeader, body: jsonBody(addItemBody) },
    responses: lineResponses,
  }),
  async (c) => {
    const { variant_id, quantity } = c.req.valid("json");
    return respond(c, await addCartItem(cartDepsOf(c), cartOwnerOf(c), variant_id, quantity));
  },
);

cartRouter.openapi(
  createRoute({
    method: "patch",
    path: "/cart/items/{item_id}",
    tags,
    summary: "Set a line's quantity",
    security,
    request: { headers: cartTokenHeader, params: itemIdParam, body: jsonBody(updateItemBody) },
    responses: lineResponses,
  }),
  async (c) =>
    respond(c, await updateCartItem(cartDepsOf(c), cartOwnerOf(c), c.req.valid("param").item_id, c.req.valid("json").quantity)),
);

cartRouter.openapi(
  createRoute({
    method: "delete",
    path: "/cart/items/{item_id}",
    tags,
    summary: "Remove a line",
    security,
    request: { headers: cartTokenHeader, params: itemIdParam },
    responses: { ...cartResponses, 404: errorContent("No such line in this cart") },
  }),
  async (c) => respond(c, await removeCartItem(cartDepsOf(c), cartOwnerOf(c), c.req.valid("param").item_id)),
);

cartRouter.openapi(
  createRoute({
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
  }),
  async (c) => respond(c, await applyCartDiscount(cartDepsOf(c), cartOwnerOf(c), c.req.valid("json").code)),
);

cartRouter.openapi(
  createRoute({
    method: "delete",
    path: "/cart/discount",
    tags,
    summary: "Remove the cart's discount code",
    security,
    request: { headers: cartTokenHeader },
    responses: cartResponses,
  }),
  async (c) => respond(c, await removeCartDiscount(cartDepsOf(c), cartOwnerOf(c))),
);
