import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { stockStub } from "../../src/inventory/stock-client";

export interface LedgerTotals {
  on_hand: number;
  held: number;
  live_hold_qty: number;
  rows: number;
}

/** Sums the object's ledger and live holds from inside it, to check that they add up to its counters. */
export function ledgerTotals(variantId: string): Promise<LedgerTotals> {
  return runInDurableObject(stockStub(env, variantId), (_instance, state) => {
    const ledger = state.storage.sql
      .exec<{ on_hand: number; held: number; rows: number }>(
        "SELECT COALESCE(SUM(delta_on_hand), 0) AS on_hand, COALESCE(SUM(delta_held), 0) AS held, COUNT(*) AS rows FROM ledger",
      )
      .one();
    const live = state.storage.sql
      .exec<{ qty: number }>("SELECT COALESCE(SUM(qty), 0) AS qty FROM holds WHERE status = 'held'")
      .one();
    return { ...ledger, live_hold_qty: live.qty };
  });
}

/** Moves every live hold's expiry into the past, as if its time had run out. */
export function lapseHolds(variantId: string): Promise<void> {
  return runInDurableObject(stockStub(env, variantId), (_instance, state) => {
    state.storage.sql.exec("UPDATE holds SET expires_at = ? WHERE status = 'held'", Date.now() - 1);
  });
}
