/**
 * What a StockObject answers over RPC. Plain, structured-clone-safe objects: the service
 * and the tests read them on the other side of the stub. Expected refusals are values
 * (`ok: false` with a stable code), not exceptions, so a flash sale's 450 losers cost no
 * stack traces and the caller can branch on `code`.
 */

export type HoldStatus = "held" | "committed" | "released" | "expired";

export interface HoldView {
  order_id: string;
  qty: number;
  /** Epoch ms after which an uncommitted hold no longer holds stock. */
  expires_at: number;
  status: HoldStatus;
}

export interface StockState {
  /** Null until `initialize` has told the object which variant it is. */
  variant_id: string | null;
  on_hand: number;
  held: number;
  available: number;
  /** Increases with every change; the D1 read model never goes back to a lower one. */
  version: number;
}

export interface StockSnapshot extends StockState {
  /** The live holds (status `held`). */
  holds: HoldView[];
}

/** A flash-sale limit: one buyer (customer id or normalized guest email) holds or buys at most `max` units. */
export interface BuyerLimit {
  key: string;
  max: number;
}

export type StockRefusalCode =
  | "insufficient_stock"
  | "purchase_limit_exceeded"
  | "idempotency_conflict"
  | "hold_not_found"
  | "hold_expired"
  | "hold_released"
  | "hold_committed"
  | "below_held"
  | "not_initialized";

export interface StockRefusal {
  ok: false;
  code: StockRefusalCode;
  message: string;
  state: StockState;
}

export interface HoldOutcome {
  ok: true;
  /** Null when nothing was ever held under the key (a release that came first). */
  hold: HoldView | null;
  /** True when the key had already been applied and nothing changed now. */
  replayed: boolean;
  state: StockState;
}

export interface AdjustOutcome {
  ok: true;
  replayed: boolean;
  state: StockState;
}

export type HoldResult = HoldOutcome | StockRefusal;
export type AdjustResult = AdjustOutcome | StockRefusal;

/** Exactly one of the two: a relative movement or a stock count. */
export type StockChange = { delta: number } | { set: number };
