import { and, eq } from "drizzle-orm";
import { variantsUnderThreshold } from "../catalog/variant-stock";
import { stockDigests } from "../db/schema";
import type { DbDeps, ReadDeps } from "../env";
import { intVar } from "../lib/config";
import { log } from "../lib/log";
import { queueEmail } from "../notifications/service";
import { stockDigestEmail, type StockDigestLine } from "../notifications/templates";
import { activeStaffAndSellers } from "../users/service";

/** A digest lists at most this many variants (emptiest first) and counts the rest. */
const DIGEST_LINES = 200;

interface LowRow {
  variantId: string;
  sku: string;
  product: string;
  storeId: string;
  available: number;
  threshold: number;
  flashSale: boolean;
}

/** What a digest says, as a stable string: a change in any figure is a new digest. */
const fingerprintOf = (rows: LowRow[]) => rows.map((r) => `${r.variantId}:${r.available}:${r.threshold}`).join(",");

interface Recipient {
  key: string;
  email: string;
  storeId: string | null;
}

/** Staff get every store's digest; each seller their own store's. */
async function recipients(deps: ReadDeps): Promise<Recipient[]> {
  const rows = await activeStaffAndSellers(deps);
  return rows.flatMap((u) => {
    if (!u.email || (u.role === "seller" && !u.storeId)) return [];
    return [{ key: `user:${u.id}`, email: u.email, storeId: u.role === "seller" ? u.storeId : null }];
  });
}

/**
 * One recipient's turn: the whole digest is compared once per period, its flash-sale part on every run; a
 * change is queued as the recipient's next digest (key `stock-digest:<recipient>:<seq>`, so two overlapping
 * runs queue the same message and the outbox keeps one), then claimed by a conditional update on `seq`.
 */
async function digestFor(deps: DbDeps, who: Recipient, low: LowRow[], now: number, periodMs: number): Promise<boolean> {
  const { env, db } = deps;
  const rows = who.storeId ? low.filter((r) => r.storeId === who.storeId) : low;
  const fingerprint = fingerprintOf(rows);
  const flashFingerprint = fingerprintOf(rows.filter((r) => r.flashSale));
  const last = await db.query.stockDigests.findFirst({ where: eq(stockDigests.recipient, who.key) });
  const seq = last?.seq ?? 0;
  const due = !last || now - last.checkedAt >= periodMs;
  const changed = due ? fingerprint !== (last?.fingerprint ?? "") : flashFingerprint !== last.flashFingerprint;
  if (!changed) {
    if (due) await db.update(stockDigests).set({ checkedAt: now }).where(and(eq(stockDigests.recipient, who.key), eq(stockDigests.seq, seq)));
    return false;
  }
  if (rows.length > 0) {
    const lines: StockDigestLine[] = rows.slice(0, DIGEST_LINES).map((r) => ({
      sku: r.sku,
      product: r.product,
      available: r.available,
      threshold: r.threshold,
      unitsToAdd: r.threshold - r.available,
      flashSale: r.flashSale,
    }));
    await queueEmail(env, stockDigestEmail(env.APP_NAME, who.email, `stock-digest:${who.key}:${seq + 1}`, lines, rows.length - lines.length));
  }
  const state = { fingerprint, flashFingerprint, seq: rows.length > 0 ? seq + 1 : seq, checkedAt: due ? now : (last?.checkedAt ?? now), sentAt: rows.length > 0 ? now : (last?.sentAt ?? null) };
  await db
    .insert(stockDigests)
    .values({ recipient: who.key, ...state })
    .onConflictDoUpdate({ target: stockDigests.recipient, set: state, setWhere: eq(stockDigests.seq, seq) });
  return rows.length > 0;
}

/** The cron's stock check: each recipient's digest when it changed. A failing recipient is retried next run. */
export async function sendStockDigests(deps: DbDeps, now = Date.now()): Promise<number> {
  const { env } = deps;
  const periodMs = intVar(env, "STOCK_DIGEST_PERIOD_MINUTES") * 60_000;
  const [low, people] = await Promise.all([variantsUnderThreshold(deps, intVar(env, "LOW_STOCK_THRESHOLD")), recipients(deps)]);
  let sent = 0;
  for (const who of people) {
    try {
      if (await digestFor(deps, who, low, now, periodMs)) sent += 1;
    } catch (err) {
      log("error", "stock_digest.failed", { recipient: who.key, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return sent;
}
