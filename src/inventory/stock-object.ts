import { DurableObject } from "cloudflare:workers";
import type { Actor as AuditActor } from "../audit/actor";
import { changedFields, pendingAuditStatement } from "../audit/record";
import { createDb, type Db } from "../db/client";
import type { Env } from "../env";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import { writeReadModel } from "./read-model";
import { StockStore, SYSTEM_ACTOR } from "./stock-store";
import type {
  AdjustResult,
  BuyerLimit,
  HoldResult,
  HoldView,
  StockChange,
  StockRefusal,
  StockRefusalCode,
  StockSnapshot,
  StockState,
} from "./stock-types";

/** How soon a read-model write that failed (or may have been cut off by eviction) is tried again. */
const SYNC_RETRY_MS = 5_000;

function assertCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}`);
}

/**
 * The single authority over one variant's stock (docs/ARCHITECTURE.md invariant 1), addressed by
 * `env.STOCK.idFromName(variantId)`. Every check-and-write runs inside `transactionSync`
 * with no await in it, so concurrent calls cannot interleave between the check and the write.
 * Operations are keyed by order id (or an adjustment key), so a retried call applies once.
 */
export class StockObject extends DurableObject<Env> {
  private readonly store: StockStore;
  private readonly db: Db;
  /** The alarm this instance last set; undefined after a restart, when it is unknown. */
  private alarmAt: number | null | undefined;
  private syncing = false;
  private syncAgain = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new StockStore(ctx.storage.sql);
    this.db = createDb(env.DB);
  }

  /** Tells the object which variant it is and records its first stock; later calls change nothing. */
  initialize(variantId: string, onHand: number, actor: string): AdjustResult {
    assertCount("onHand", onHand, 0);
    return this.mutate(() => {
      const row = this.store.row();
      if (row) {
        if (row.variant_id !== variantId) throw new Error(`Stock object of ${row.variant_id} addressed as ${variantId}`);
        return { ok: true, replayed: true, state: this.store.state() };
      }
      this.store.createState(variantId);
      this.store.move({ kind: "initial", deltaOnHand: onHand, deltaHeld: 0, reason: "initial stock", actor }, Date.now());
      return { ok: true, replayed: false, state: this.store.state() };
    });
  }

  /**
   * Holds `qty` units for the order, all or nothing. A hold that expired may be taken again under the same order.
   * With a buyer limit, the buyer's live holds and purchases of this variant plus `qty` stay within it, checked
   * in the same transaction as the hold (a re-take keeps the limit the hold was first taken under).
   */
  reserve(orderId: string, qty: number, ttlMs: number, buyer?: BuyerLimit): HoldResult {
    assertCount("qty", qty, 1);
    assertCount("ttlMs", ttlMs, 1);
    if (buyer) assertCount("buyer.max", buyer.max, 1);
    return this.mutate(() => {
      if (!this.store.row()) return this.refuse("not_initialized", "This variant's stock was never initialized");
      const now = Date.now();
      const existing = this.liveOrLapsed(orderId, now);
      if (existing && existing.status !== "expired") {
        if (existing.status === "released") return this.refuse("hold_released", "This order's hold was released");
        if (existing.qty !== qty) {
          return this.refuse("idempotency_conflict", `Order already holds ${existing.qty}, not ${qty}`);
        }
        return { ok: true, hold: existing, replayed: true, state: this.store.state() };
      }
      // Lapsed holds whose alarm has not run yet are stock too; expiring them is only worth it when short.
      if (this.store.state().available < qty) this.expireAll(now);
      const state = this.store.state();
      if (state.available < qty) return this.refuse("insufficient_stock", `Only ${state.available} available`);
      const limit = buyer ?? (existing ? this.store.buyerOf(orderId) : null);
      if (limit) {
        const already = this.store.buyerUnits(limit.key, orderId, now);
        if (already + qty > limit.max) {
          return this.refuse("purchase_limit_exceeded", `At most ${limit.max} per buyer; ${already} already held or bought`);
        }
      }
      const hold: HoldView = { order_id: orderId, qty, expires_at: now + ttlMs, status: "held" };
      this.store.putHold(hold, now, limit);
      this.store.move({ kind: "reserve", deltaOnHand: 0, deltaHeld: qty, reason: "reserve", actor: orderId, orderId }, now);
      return { ok: true, hold, replayed: false, state: this.store.state() };
    });
  }

  /** Turns a live hold into a sale: the units leave on_hand. */
  commit(orderId: string): HoldResult {
    return this.mutate(() => {
      const now = Date.now();
      const hold = this.liveOrLapsed(orderId, now);
      if (!hold) return this.refuse("hold_not_found", "No hold for this order");
      switch (hold.status) {
        case "committed":
          return { ok: true, hold, replayed: true, state: this.store.state() };
        case "expired":
          return this.refuse("hold_expired", "The hold expired before it was committed");
        case "released":
          return this.refuse("hold_released", "The hold was released");
        case "held": {
          this.store.setHoldStatus(orderId, "committed", now);
          this.store.move(
            { kind: "commit", deltaOnHand: -hold.qty, deltaHeld: -hold.qty, reason: "commit", actor: orderId, orderId },
            now,
          );
          return { ok: true, hold: { ...hold, status: "committed" }, replayed: false, state: this.store.state() };
        }
      }
    });
  }

  /**
   * Gives a live hold back. Releasing an unknown order leaves a tombstone, so a reserve
   * that arrives after its own compensation cannot hold stock for an abandoned order.
   */
  release(orderId: string): HoldResult {
    return this.mutate(() => this.releaseHold(orderId, Date.now()));
  }

  /**
   * Takes a sale back (a paid order cancelled or refunded before shipping): the units return to
   * on_hand and the hold ends `released`, so no later reserve or commit under this order can
   * count them again. A hold still live is simply released.
   */
  returnSold(orderId: string): HoldResult {
    return this.mutate(() => {
      const now = Date.now();
      const hold = this.store.hold(orderId);
      if (hold?.status !== "committed") return this.releaseHold(orderId, now);
      this.store.setHoldStatus(orderId, "released", now);
      this.store.move(
        { kind: "return", deltaOnHand: hold.qty, deltaHeld: 0, reason: "sale returned", actor: orderId, orderId },
        now,
      );
      return { ok: true, hold: { ...hold, status: "released" }, replayed: false, state: this.store.state() };
    });
  }

  /** The order's hold as it stands, for the reconciliation check. */
  holdOf(orderId: string): HoldView | null {
    return this.store.hold(orderId);
  }

  /**
   * Counts stock in or out. Never below what is held: those units are promised to buyers.
   * `by` (an admin's, staff member's or seller's request) gets an audit row: kept with the ledger line in this
   * transaction, it reaches D1 in the batch of the read-model write that carries the new stock (the object's
   * only D1 write), so it is never lost and never written for an adjustment that did not happen.
   */
  adjust(change: StockChange, reason: string, actor: string, key?: string, by?: AuditActor): AdjustResult {
    const target = "set" in change ? change.set : change.delta;
    if (!Number.isSafeInteger(target)) throw new RangeError("delta/set must be an integer");
    return this.mutate(() => {
      if (key && this.store.hasOpKey(key)) return { ok: true, replayed: true, state: this.store.state() };
      const row = this.store.row();
      if (!row) return this.refuse("not_initialized", "This variant's stock was never initialized");
      const onHand = "set" in change ? change.set : row.on_hand + change.delta;
      if (onHand < row.held) {
        return this.refuse("below_held", `on_hand would be ${onHand} but ${row.held} units are held`);
      }
      this.store.move(
        { kind: "adjust", deltaOnHand: onHand - row.on_hand, deltaHeld: 0, reason, actor, ...(key ? { opKey: key } : {}) },
        Date.now(),
      );
      if (by) {
        const changes = changedFields({ on_hand: row.on_hand, available: row.on_hand - row.held, reason: null }, { on_hand: onHand, available: onHand - row.held, reason });
        this.store.queueAudit({ id: newId(), actor: by, action: "adjust_stock", objectType: "variant", objectId: row.variant_id, changes });
      }
      return { ok: true, replayed: false, state: this.store.state() };
    });
  }

  state(): StockState {
    return this.store.state();
  }

  snapshot(): StockSnapshot {
    return { ...this.store.state(), holds: this.store.liveHolds() };
  }

  /** Expires every lapsed hold now; the cron sweep's way in, for holds whose alarm was missed. */
  expireLapsed(): { expired: number; state: StockState } {
    const expired = this.mutate(() => this.expireAll(Date.now()));
    // A read model left stale by a failed write is repaired on the same visit.
    if (expired === 0) this.requestSync();
    return { expired, state: this.store.state() };
  }

  /** At least once, maybe twice: expiry is idempotent, and a failed read-model write is retried here. */
  override async alarm(): Promise<void> {
    this.alarmAt = null;
    this.ctx.storage.transactionSync(() => this.expireAll(Date.now()));
    // Awaited here rather than in the background: the next alarm depends on whether it worked.
    await this.syncReadModel();
    this.scheduleAlarm();
  }

  private mutate<T>(work: () => T): T {
    const before = this.store.movements;
    const result = this.ctx.storage.transactionSync(work);
    if (this.store.movements !== before) {
      this.scheduleAlarm();
      this.requestSync();
    }
    return result;
  }

  private releaseHold(orderId: string, now: number): HoldResult {
    // A lapsed hold expires rather than being released, so a late payment may still take the stock again.
    const hold = this.liveOrLapsed(orderId, now);
    if (!hold) {
      this.store.putHold({ order_id: orderId, qty: 0, expires_at: now, status: "released" }, now);
      return { ok: true, hold: null, replayed: false, state: this.store.state() };
    }
    switch (hold.status) {
      case "committed":
        return this.refuse("hold_committed", "The hold was already committed");
      case "released":
      case "expired":
        return { ok: true, hold, replayed: true, state: this.store.state() };
      case "held": {
        this.store.setHoldStatus(orderId, "released", now);
        this.store.move(
          { kind: "release", deltaOnHand: 0, deltaHeld: -hold.qty, reason: "release", actor: orderId, orderId },
          now,
        );
        return { ok: true, hold: { ...hold, status: "released" }, replayed: false, state: this.store.state() };
      }
    }
  }

  private refuse(code: StockRefusalCode, message: string): StockRefusal {
    return { ok: false, code, message, state: this.store.state() };
  }

  /** The order's hold, expiring it first if it lapsed before the alarm got to it. */
  private liveOrLapsed(orderId: string, now: number): HoldView | null {
    const hold = this.store.hold(orderId);
    if (hold?.status === "held" && hold.expires_at <= now) {
      this.expire(hold, now);
      return { ...hold, status: "expired" };
    }
    return hold;
  }

  private expireAll(now: number): number {
    const lapsed = this.store.lapsedHolds(now);
    for (const hold of lapsed) this.expire(hold, now);
    return lapsed.length;
  }

  private expire(hold: HoldView, now: number): void {
    this.store.setHoldStatus(hold.order_id, "expired", now);
    this.store.move(
      {
        kind: "expire",
        deltaOnHand: 0,
        deltaHeld: -hold.qty,
        reason: "hold expired",
        actor: SYSTEM_ACTOR,
        orderId: hold.order_id,
      },
      now,
    );
  }

  /**
   * One alarm, at the earliest of: the next hold expiry, and a retry of the read model while
   * it is behind. An alarm already due sooner is kept: firing early only reschedules.
   */
  private scheduleAlarm(): void {
    const row = this.store.row();
    const candidates = [this.store.earliestExpiry()];
    if (row && row.version > row.synced_version) candidates.push(Date.now() + SYNC_RETRY_MS);
    const due = candidates.filter((t): t is number => t !== null);
    if (due.length === 0) return;
    const at = Math.min(...due);
    if (this.alarmAt != null && this.alarmAt <= at) return;
    this.alarmAt = at;
    void this.ctx.storage.setAlarm(at);
  }

  /** Off the response path; bursts coalesce into one write of the latest state. */
  private requestSync(): void {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    const run = async () => {
      do {
        this.syncAgain = false;
        await this.syncReadModel();
      } while (this.syncAgain);
      this.syncing = false;
    };
    this.ctx.waitUntil(run());
  }

  private async syncReadModel(): Promise<void> {
    const row = this.store.row();
    if (!row || row.version <= row.synced_version) return;
    const state = this.store.state();
    // An audit row is queued with a movement, so one pending means the version is ahead too.
    const audits = this.store.pendingAudits();
    try {
      await writeReadModel({ env: this.env, db: this.db }, row.variant_id, state, audits.map((a) => pendingAuditStatement(this.db, a)));
      this.store.markSynced(state.version);
      this.store.clearAudits(audits.map((a) => a.id));
    } catch (err) {
      // The dirty version stays recorded; the alarm set in scheduleAlarm tries again.
      log("warn", "inventory.read_model_write_failed", { variant_id: row.variant_id, error: String(err) });
      this.scheduleAlarm();
    }
  }
}
