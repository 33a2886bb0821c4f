import type { Actor } from "../audit/actor";
import type { Env } from "../env";
import { AppError, validationError } from "../lib/errors";
import { intVar } from "../lib/config";
import { log } from "../lib/log";
import { knownShort, noteAvailable } from "./known-short";
import { stockColumnsSeed } from "../catalog/variant-stock";
import { callStock } from "./stock-client";
import type { AdjustResult, HoldResult, HoldView, StockChange, StockRefusal, StockSnapshot, StockState } from "./stock-types";

export interface OrderLine {
  variantId: string;
  qty: number;
  /** The variant's per-buyer limit (flash sales); enforced by its object when the hold names a buyer. */
  maxPerCustomer?: number | null;
}

export interface HoldOptions {
  /** Customer id or normalized guest email: the key of per-buyer limits. */
  buyer?: string;
  /** Checkout only: refuse a line this isolate heard is short within the last second (known-short.ts). */
  refuseKnownShort?: boolean;
}

export interface ShortLine {
  variant_id: string;
  requested: number;
  available: number;
}

export interface HeldLine {
  variant_id: string;
  qty: number;
  expires_at: number;
}

export interface OrderHold {
  order_id: string;
  /** The earliest line expiry: the order's payment deadline. */
  expires_at: number;
  lines: HeldLine[];
}

/** The default hold for checkout (RESERVATION_TTL_SECONDS). */
export function reservationTtlMs(env: Env): number {
  return intVar(env, "RESERVATION_TTL_SECONDS") * 1000;
}

function refusalError(refusal: StockRefusal, variantId: string): AppError {
  return new AppError(409, refusal.code, refusal.message, { variant_id: variantId, available: refusal.state.available });
}

/**
 * One line per variant (a hold is keyed by order id, so two lines of one variant must be one
 * hold), in ascending variant id: every order takes its objects in the same order.
 */
function normalize(lines: OrderLine[]): OrderLine[] {
  if (lines.length === 0) throw validationError("An order needs at least one line");
  const merged = new Map<string, OrderLine>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.qty) || line.qty < 1) {
      throw validationError("Quantities must be positive integers", { variant_id: line.variantId });
    }
    const seen = merged.get(line.variantId);
    merged.set(line.variantId, { ...line, qty: (seen?.qty ?? 0) + line.qty });
  }
  return [...merged.keys()].sort().map((variantId) => merged.get(variantId) as OrderLine);
}

/** Compensation: gives back what this order holds. Best effort; an unreleased hold still expires. */
async function releaseHeld(env: Env, orderId: string, variantIds: string[]): Promise<void> {
  await Promise.all(
    variantIds.map((variantId) =>
      callStock<HoldResult>(env, variantId, (stub) => stub.release(orderId)).then(
        (result) => noteAvailable(variantId, result.state.available),
        (err: unknown) =>
        log("error", "inventory.compensation_failed", { order_id: orderId, variant_id: variantId, error: String(err) }),
      ),
    ),
  );
}

/** How short the lines after a failed one are, so the buyer hears about all of them at once. */
async function shortfalls(env: Env, lines: OrderLine[]): Promise<ShortLine[]> {
  const states = await Promise.all(lines.map((line) => callStock(env, line.variantId, (stub) => stub.state())));
  return lines.flatMap((line, i) => {
    const available = states[i]?.available ?? 0;
    return available < line.qty ? [{ variant_id: line.variantId, requested: line.qty, available }] : [];
  });
}

/**
 * A variant whose object was never initialized (its row seeded or imported straight into D1) adopts
 * the read model's on_hand once, if no object ever wrote that row (stock_version 0). `initialize`
 * runs once per object, so concurrent adopters agree and nothing is counted twice.
 */
async function adoptStock(env: Env, variantId: string, actorId: string): Promise<void> {
  const row = await stockColumnsSeed(env.DB, variantId);
  await initializeStock(env, variantId, row && row.stockVersion === 0 ? row.onHand : 0, actorId);
}

async function reserveLine(env: Env, orderId: string, line: OrderLine, ttlMs: number, buyer: string | undefined): Promise<HoldResult> {
  const limit = buyer && line.maxPerCustomer != null ? { key: buyer, max: line.maxPerCustomer } : undefined;
  const reserve = () => callStock<HoldResult>(env, line.variantId, (stub) => stub.reserve(orderId, line.qty, ttlMs, limit));
  let result = await reserve();
  if (!result.ok && result.code === "not_initialized") {
    await adoptStock(env, line.variantId, "system:adopt");
    result = await reserve();
  }
  noteAvailable(line.variantId, result.state.available);
  return result;
}

/** Refuses the lines this isolate already knows are short (known-short.ts) without a stock call. */
export function refuseKnownShort(lines: OrderLine[], now = Date.now()): void {
  const short = normalize(lines).flatMap((line) => {
    const available = knownShort(line.variantId, line.qty, now);
    return available === null ? [] : [{ variant_id: line.variantId, requested: line.qty, available }];
  });
  if (short.length > 0) throw new AppError(409, "insufficient_stock", "Not enough stock for some items", { lines: short });
}

/**
 * Holds every line of an order, all or nothing (docs/ARCHITECTURE.md invariant 2). On any failure the
 * lines already held are released before the error leaves. Safe to retry with the same order id.
 */
export async function holdOrder(
  env: Env,
  orderId: string,
  lines: OrderLine[],
  ttlMs: number,
  options: HoldOptions = {},
): Promise<OrderHold> {
  if (options.refuseKnownShort) refuseKnownShort(lines);
  const ordered = normalize(lines);
  const held: HeldLine[] = [];
  for (const [index, line] of ordered.entries()) {
    const result = await reserveLine(env, orderId, line, ttlMs, options.buyer).catch(
      async (err: unknown) => {
        await releaseHeld(env, orderId, held.map((h) => h.variant_id));
        throw err;
      },
    );
    if (result.ok) {
      const hold = result.hold;
      held.push({ variant_id: line.variantId, qty: line.qty, expires_at: hold?.expires_at ?? Date.now() + ttlMs });
      continue;
    }
    await releaseHeld(env, orderId, held.map((h) => h.variant_id));
    if (result.code === "purchase_limit_exceeded") {
      throw new AppError(422, "purchase_limit_exceeded", result.message, { variant_id: line.variantId, max_per_customer: line.maxPerCustomer });
    }
    if (result.code !== "insufficient_stock") throw refusalError(result, line.variantId);
    const short = [
      { variant_id: line.variantId, requested: line.qty, available: result.state.available },
      ...(await shortfalls(env, ordered.slice(index + 1))),
    ];
    throw new AppError(409, "insufficient_stock", "Not enough stock for some items", { lines: short });
  }
  return { order_id: orderId, expires_at: Math.min(...held.map((h) => h.expires_at)), lines: held };
}

/** Gives every line's sale back (see StockObject.returnSold); each line once, whoever retries. */
export async function returnOrder(env: Env, orderId: string, lines: OrderLine[]): Promise<void> {
  await Promise.all(
    normalize(lines).map((line) => callStock<HoldResult>(env, line.variantId, (stub) => stub.returnSold(orderId))),
  );
}

/**
 * Payment succeeded: turn the order's holds into sales, all or nothing. Holds are taken again
 * first, so a payment that arrives after its hold expired re-reserves if the stock is still there.
 * If a line cannot be committed, the lines already committed are returned (their holds end
 * released, so a retry cannot commit them again) and `insufficient_stock` tells the caller to refund.
 */
export async function commitOrder(env: Env, orderId: string, lines: OrderLine[], ttlMs: number): Promise<OrderHold> {
  const hold = await holdOrder(env, orderId, lines, ttlMs);
  for (const line of hold.lines) {
    const result = await callStock<HoldResult>(env, line.variant_id, (stub) => stub.commit(orderId));
    if (result.ok) continue;
    await returnOrder(env, orderId, lines);
    throw new AppError(409, "insufficient_stock", "A line could not be committed", {
      lines: [{ variant_id: line.variant_id, requested: line.qty, available: result.state.available }],
    });
  }
  return hold;
}

/** Cancel or expiry before payment: gives every line back. A line already sold is a conflict. */
export async function releaseOrder(env: Env, orderId: string, lines: OrderLine[]): Promise<void> {
  const results = await Promise.all(
    normalize(lines).map(async (line) => ({
      variantId: line.variantId,
      result: await callStock<HoldResult>(env, line.variantId, (stub) => stub.release(orderId)),
    })),
  );
  for (const { variantId, result } of results) noteAvailable(variantId, result.state.available);
  const sold = results.filter(({ result }) => !result.ok).map(({ variantId }) => variantId);
  if (sold.length > 0) {
    throw new AppError(409, "hold_committed", "Some lines were already sold; return them instead", {
      variant_ids: sold,
    });
  }
}

/** Each line's hold for this order as its stock object has it (null: the object never heard of the order). */
export async function orderHolds(env: Env, orderId: string, lines: OrderLine[]): Promise<{ variantId: string; hold: HoldView | null }[]> {
  return Promise.all(
    normalize(lines).map(async (line) => ({ variantId: line.variantId, hold: await callStock(env, line.variantId, (stub) => stub.holdOf(orderId)) })),
  );
}

/**
 * The single entry for a new variant's first stock; calling it again changes nothing.
 * Call it after the variant's D1 row exists: the read-model write updates that row.
 */
export async function initializeStock(env: Env, variantId: string, quantity: number, actorId: string): Promise<StockState> {
  const result = await callStock<AdjustResult>(env, variantId, (stub) => stub.initialize(variantId, quantity, actorId));
  return result.state;
}

/**
 * Counts stock in or out. `key` makes a retried adjustment apply once; without one, each call
 * gets its own, so only this function's internal retries are deduplicated. `by` is audited (see StockObject.adjust).
 */
export async function adjustStock(
  env: Env,
  variantId: string,
  change: StockChange,
  reason: string,
  actorId: string,
  key: string = crypto.randomUUID(),
  by?: Actor,
): Promise<StockSnapshot> {
  let result = await callStock<AdjustResult>(env, variantId, (stub) => stub.adjust(change, reason, actorId, key, by));
  if (!result.ok && result.code === "not_initialized") {
    await adoptStock(env, variantId, actorId);
    result = await callStock<AdjustResult>(env, variantId, (stub) => stub.adjust(change, reason, actorId, key, by));
  }
  if (!result.ok) throw refusalError(result, variantId);
  // This isolate stops refusing from what it heard before the restock at once; others within KNOWN_SHORT_MS.
  noteAvailable(variantId, result.state.available);
  return getStockSnapshot(env, variantId);
}

export async function getStockSnapshot(env: Env, variantId: string): Promise<StockSnapshot> {
  return callStock(env, variantId, (stub) => stub.snapshot());
}
