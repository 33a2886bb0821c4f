/**
 * The catalog version (a token every catalog write replaces, by trigger) as a cache hit needs it: from a
 * memo in this isolate, re-read from D1 when it is older than VERSION_MEMO_MS. Staleness bound: a catalog
 * edit made through this isolate is seen at once (the write routes forget the memo); one made elsewhere (another isolate or location, seed SQL) within VERSION_MEMO_MS
 * plus the replica's lag. A request carrying a D1 bookmark reads the version through its own session,
 * so whoever just edited sees their edit.
 */
const VERSION_MEMO_MS = 1_000;

let memo: { version: string; until: number } | undefined;
/** Bumped by every forget, so a read that started before a write cannot store its older answer. */
let generation = 0;

async function readVersion(d1: D1Database | D1DatabaseSession): Promise<string> {
  return (await d1.prepare("SELECT version FROM catalog_version WHERE id = 1").first<string>("version")) ?? "none";
}

export async function catalogVersion(d1: D1Database | D1DatabaseSession, fresh: boolean): Promise<string> {
  if (fresh) return readVersion(d1);
  if (memo && memo.until > Date.now()) return memo.version;
  // Each request reads through its own session: requests never await one another's D1 calls (a promise shared
  // between requests ends in "Cannot perform I/O on behalf of a different request"). Concurrent misses of the
  // memo each read once, at most once per VERSION_MEMO_MS.
  const started = generation;
  const version = await readVersion(d1);
  if (started === generation) memo = { version, until: Date.now() + VERSION_MEMO_MS };
  return version;
}

export function forgetCatalogVersion(): void {
  generation++;
  memo = undefined;
}
