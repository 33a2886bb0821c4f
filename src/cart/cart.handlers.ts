import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { AppRouteHandler } from "../lib/openapi";
import type * as routes from "./cart.routes";
import { cartOwnerOf } from "./request";
import type { CartView } from "./schemas";
import { addCartItem, applyCartDiscount, clearCart, getCart, removeCartDiscount, removeCartItem, updateCartItem } from "./service";

/** Guests also get their token as a header, so a client can keep it without parsing the body. */
function respond(c: Context<AppEnv>, view: CartView) {
  if (view.cart_token) c.header("X-Cart-Token", view.cart_token);
  return c.json(view, 200);
}

export const get: AppRouteHandler<typeof routes.get> = async (c) => respond(c, await getCart(c.var.deps, cartOwnerOf(c)));

export const clear: AppRouteHandler<typeof routes.clear> = async (c) => respond(c, await clearCart(c.var.deps, cartOwnerOf(c)));

export const addItem: AppRouteHandler<typeof routes.addItem> = async (c) => {
  const { variant_id, quantity } = c.req.valid("json");
  return respond(c, await addCartItem(c.var.deps, cartOwnerOf(c), variant_id, quantity));
};

export const updateItem: AppRouteHandler<typeof routes.updateItem> = async (c) =>
  respond(c, await updateCartItem(c.var.deps, cartOwnerOf(c), c.req.valid("param").item_id, c.req.valid("json").quantity));

export const removeItem: AppRouteHandler<typeof routes.removeItem> = async (c) => respond(c, await removeCartItem(c.var.deps, cartOwnerOf(c), c.req.valid("param").item_id));

export const applyDiscount: AppRouteHandler<typeof routes.applyDiscount> = async (c) => respond(c, await applyCartDiscount(c.var.deps, cartOwnerOf(c), c.req.valid("json").code));

export const removeDiscount: AppRouteHandler<typeof routes.removeDiscount> = async (c) => respond(c, await removeCartDiscount(c.var.deps, cartOwnerOf(c)));
