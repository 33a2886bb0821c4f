import type { Decided, OrderDoc, Step } from "./lifecycle-types";

/**
 * The OrderObject's own SQLite: the order's document, the steps still to run (in the order they
 * were decided) and the answers to keyed commands. Every method is synchronous, so a decision and
 * the steps it records are written in one `transactionSync`.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS doc (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS steps (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL DEFAULT 0,
  error TEXT
);
CREATE INDEX IF NOT EXISTS steps_pending ON steps (seq) WHERE status = 'pending';
CREATE TABLE IF NOT EXISTS commands (key TEXT PRIMARY KEY, reply TEXT NOT NULL);
`;

export interface StoredStep {
  seq: number;
  step: Step;
  attempts: number;
  nextAt: number;
}

type StepRow = { seq: number; body: string; attempts: number; next_at: number };

export class OrderStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  doc(): OrderDoc | null {
    const row = this.sql.exec<{ body: string }>("SELECT body FROM doc").toArray()[0];
    return row ? (JSON.parse(row.body) as OrderDoc) : null;
  }

  saveDoc(doc: OrderDoc): void {
    this.sql.exec("INSERT INTO doc (id, body) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body", JSON.stringify(doc));
  }

  addSteps(steps: Step[]): void {
    for (const step of steps) this.sql.exec("INSERT INTO steps (body) VALUES (?)", JSON.stringify(step));
  }

  /** The oldest unfinished step: steps run in the order they were decided. */
  nextStep(): StoredStep | null {
    const row = this.sql
      .exec<StepRow>("SELECT seq, body, attempts, next_at FROM steps WHERE status = 'pending' ORDER BY seq LIMIT 1")
      .toArray()[0];
    return row ? { seq: row.seq, step: JSON.parse(row.body) as Step, attempts: row.attempts, nextAt: row.next_at } : null;
  }

  pendingSteps(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM steps WHERE status = 'pending'").one().n;
  }

  finishStep(seq: number): void {
    this.sql.exec("UPDATE steps SET status = 'done', error = NULL WHERE seq = ?", seq);
  }

  retryStep(seq: number, nextAt: number, error: string): void {
    this.sql.exec("UPDATE steps SET attempts = attempts + 1, next_at = ?, error = ? WHERE seq = ?", nextAt, error, seq);
  }

  /** Given up on after its last attempt: kept for the record, reported by the reconciliation check. */
  killStep(seq: number, error: string): void {
    this.sql.exec("UPDATE steps SET status = 'dead', attempts = attempts + 1, error = ? WHERE seq = ?", error, seq);
  }

  deadSteps(): { seq: number; step: Step; error: string | null }[] {
    return this.sql
      .exec<{ seq: number; body: string; error: string | null }>("SELECT seq, body, error FROM steps WHERE status = 'dead' ORDER BY seq")
      .toArray()
      .map((r) => ({ seq: r.seq, step: JSON.parse(r.body) as Step, error: r.error }));
  }

  reply(key: string): Decided | null {
    const row = this.sql.exec<{ reply: string }>("SELECT reply FROM commands WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.reply) as Decided) : null;
  }

  saveReply(key: string, reply: Decided): void {
    this.sql.exec("INSERT INTO commands (key, reply) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", key, JSON.stringify(reply));
  }
}
