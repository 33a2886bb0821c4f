import type { Env } from "../env";

/** Typed reads of the string vars in wrangler.toml; a malformed value is a deploy bug, so it throws. */
export function intVar(env: Env, name: keyof Env & string): number {
  const raw = env[name];
  const value = typeof raw === "string" ? Number.parseInt(raw, 10) : Number.NaN;
  if (!Number.isFinite(value)) throw new Error(`Config var ${name} must be an integer, got ${String(raw)}`);
  return value;
}

export function boolVar(env: Env, name: keyof Env & string): boolean {
  return env[name] === "true";
}

export function listVar(env: Env, name: keyof Env & string): string[] {
  const raw = env[name];
  return typeof raw === "string"
    ? raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}
