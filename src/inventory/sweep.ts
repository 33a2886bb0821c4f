import { createDb } from "../db/client";
import type { Env } from "../env";
import { log } from "../lib/log";
import { variantsWithHolds } from "../catalog/variant-stock";
import { callStock } from "./stock-client";

/** Per cron run: enough to catch stragglers without one run waking thousands of objects. */
const SWEEP_LIMIT = 500;
const CONCURRENCY = 10;

/**
 * Cron: alarms are the way holds expire; this catches any whose alarm was missed. It asks each
 * variant that the read model shows with held units to expire what has lapsed (idempotent),
 * which also rewrites a read model that a failed write left behind.
 */
export async function sweepLapsedHolds(env: Env): Promise<number> {
  const ids = await variantsWithHolds({ db: createDb(env.DB) }, SWEEP_LIMIT);
  let expired = 0;
  for (let i = 0; i < ids.length; i += CONCURRENCY) {
    const results = await Promise.allSettled(
      ids.slice(i, i + CONCURRENCY).map((id) => callStock(env, id, (stub) => stub.expireLapsed())),
    );
    for (const [j, result] of results.entries()) {
      if (result.status === "fulfilled") expired += result.value.expired;
      else log("error", "inventory.sweep_failed", { variant_id: ids[i + j], error: String(result.reason) });
    }
  }
  if (expired > 0) log("info", "inventory.sweep", { variants: ids.length, expired });
  return expired;
}
