import type { PendingAudit } from "../audit/record";
import type { BuyerLimit, HoldStatus, HoldView, StockState } from "./stock-types";

/**
 * The StockObject's own SQLite tables. Every method is synchronous, so a caller inside
 * `transactionSync` checks and writes with nothing able to interleave.
 * The CHECKs are the last line of defence: a bug that tried to hold more than is on hand
 * would throw and roll the whole transaction back instead of overselling.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  variant_id TEXT NOT NULL,
  on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
  held INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0 AND held <= on_hand),
  version INTEGER NOT NULL DEFAULT 0,
  synced_version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS holds (
  order_id TEXT PRIMARY KEY,
  qty INTEGER NOT NULL CHECK (qty >= 0),
  expires_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('held', 'committed', 'released', 'expired')),
  updated_at INTEGER NOT NULL,
  buyer TEXT,
  buyer_max INTEGER
);
CREATE INDEX IF NOT EXISTS holds_live_expiry ON holds (expires_at) WHERE status = 'held';
CREATE INDEX IF NOT EXISTS holds_buyer ON holds (buyer) WHERE buyer IS NOT NULL;
CREATE TABLE IF NOT EXISTS ledger (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  delta_on_hand INTEGER NOT NULL,
  delta_held INTEGER NOT NULL,
  reason TEXT NOT NULL,
  actor TEXT NOT NULL,
  order_id TEXT,
  op_key TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS audit_outbox (id TEXT PRIMARY KEY, body TEXT NOT NULL);
`;

type StateRow = { variant_id: string; on_hand: number; held: number; version: number; synced_version: number };
type HoldRow = { order_id: string; qty: number; expires_at: number; status: HoldStatus };

export type MovementKind = "initial" | "adjust" | "reserve" | "commit" | "release" | "expire" | "return";

export interface Movement {
  kind: MovementKind;
  deltaOnHand: number;
  deltaHeld: number;
  reason: string;
  actor: string;
  orderId?: string;
  opKey?: string;
}

/** Who the ledger names when the object itself acts (expiry by alarm or sweep). */
export const SYSTEM_ACTOR = "system";

export class StockStore {
  /** Counts movements in this instance; a caller compares it around a transaction to see whether anything changed. */
  movements = 0;

  constructor(private readonly sql: SqlStorage) {
    // Objects created before per-buyer limits get the two columns (CREATE TABLE IF NOT EXISTS skips them).
    const columns = sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('holds')").toArray();
    if (columns.length > 0 && !columns.some((c) => c.name === "buyer")) {
      sql.exec("ALTER TABLE holds ADD COLUMN buyer TEXT; ALTER TABLE holds ADD COLUMN buyer_max INTEGER;");
    }
    sql.exec(SCHEMA);
  }

  row(): StateRow | null {
    return this.sql.exec<StateRow>("SELECT variant_id, on_hand, held, version, synced_version FROM state").toArray()[0] ?? null;
  }

  state(): StockState {
    const row = this.row();
    if (!row) return { variant_id: null, on_hand: 0, held: 0, available: 0, version: 0 };
    return {
      variant_id: row.variant_id,
      on_hand: row.on_hand,
      held: row.held,
      available: row.on_hand - row.held,
      version: row.version,
    };
  }

  createState(variantId: string): void {
    this.sql.exec("INSERT INTO state (id, variant_id, on_hand) VALUES (1, ?, 0)", variantId);
  }

  /** Writes the ledger line and applies it to the counters: the two never disagree. */
  move(m: Movement, now: number): void {
    this.sql.exec(
      `INSERT INTO ledger (at, kind, delta_on_hand, delta_held, reason, actor, order_id, op_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      now,
      m.kind,
      m.deltaOnHand,
      m.deltaHeld,
      m.reason,
      m.actor,
      m.orderId ?? null,
      m.opKey ?? null,
    );
    this.sql.exec(
      "UPDATE state SET on_hand = on_hand + ?, held = held + ?, version = version + 1 WHERE id = 1",
      m.deltaOnHand,
      m.deltaHeld,
    );
    this.movements++;
  }

  hasOpKey(key: string): boolean {
    return this.sql.exec("SELECT 1 FROM ledger WHERE op_key = ?", key).toArray().length > 0;
  }

  hold(orderId: string): HoldView | null {
    return (
      this.sql
        .exec<HoldRow>("SELECT order_id, qty, expires_at, status FROM holds WHERE order_id = ?", orderId)
        .toArray()[0] ?? null
    );
  }

  putHold(hold: HoldView, now: number, buyer: BuyerLimit | null = null): void {
    this.sql.exec(
      `INSERT INTO holds (order_id, qty, expires_at, status, updated_at, buyer, buyer_max) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (order_id) DO UPDATE SET qty = excluded.qty, expires_at = excluded.expires_at,
         status = excluded.status, updated_at = excluded.updated_at,
         buyer = COALESCE(excluded.buyer, buyer), buyer_max = COALESCE(excluded.buyer_max, buyer_max)`,
      hold.order_id,
      hold.qty,
      hold.expires_at,
      hold.status,
      now,
      buyer?.key ?? null,
      buyer?.max ?? null,
    );
  }

  /** The buyer limit a hold was taken under (a late payment's re-take is held to it again). */
  buyerOf(orderId: string): BuyerLimit | null {
    const row = this.sql
      .exec<{ buyer: string | null; buyer_max: number | null }>("SELECT buyer, buyer_max FROM holds WHERE order_id = ?", orderId)
      .toArray()[0];
    return row?.buyer != null && row.buyer_max != null ? { key: row.buyer, max: row.buyer_max } : null;
  }

  /** Units a buyer holds (live) or bought of this variant, other orders than `orderId`. */
  buyerUnits(buyer: string, exceptOrderId: string, now: number): number {
    const row = this.sql
      .exec<{ n: number }>(
        `SELECT COALESCE(SUM(qty), 0) AS n FROM holds WHERE buyer = ? AND order_id != ?
           AND (status = 'committed' OR (status = 'held' AND expires_at > ?))`,
        buyer,
        exceptOrderId,
        now,
      )
      .toArray()[0];
    return row?.n ?? 0;
  }

  setHoldStatus(orderId: string, status: HoldStatus, now: number): void {
    this.sql.exec("UPDATE holds SET status = ?, updated_at = ? WHERE order_id = ?", status, now, orderId);
  }

  liveHolds(): HoldView[] {
    return this.sql
      .exec<HoldRow>("SELECT order_id, qty, expires_at, status FROM holds WHERE status = 'held' ORDER BY expires_at")
      .toArray();
  }

  lapsedHolds(now: number): HoldView[] {
    return this.sql
      .exec<HoldRow>("SELECT order_id, qty, expires_at, status FROM holds WHERE status = 'held' AND expires_at <= ?", now)
      .toArray();
  }

  earliestExpiry(): number | null {
    const row = this.sql
      .exec<{ at: number | null }>("SELECT MIN(expires_at) AS at FROM holds WHERE status = 'held'")
      .toArray()[0];
    return row?.at ?? null;
  }

  markSynced(version: number): void {
    this.sql.exec("UPDATE state SET synced_version = MAX(synced_version, ?) WHERE id = 1", version);
  }

  /** Kept with the movement it records (same transaction) until the read-model write carries it into D1. */
  queueAudit(audit: PendingAudit): void {
    this.sql.exec("INSERT INTO audit_outbox (id, body) VALUES (?, ?)", audit.id, JSON.stringify(audit));
  }

  pendingAudits(): PendingAudit[] {
    return this.sql
      .exec<{ body: string }>("SELECT body FROM audit_outbox ORDER BY rowid")
      .toArray()
      .map((r) => JSON.parse(r.body) as PendingAudit);
  }

  clearAudits(ids: string[]): void {
    for (const id of ids) this.sql.exec("DELETE FROM audit_outbox WHERE id = ?", id);
  }
}
