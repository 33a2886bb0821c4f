import type { AppEnv, Principal } from "../env";
import { principalOf } from "../lib/auth";

/** Who is writing: the principal and the request, as the audit log records them. */
export interface Actor extends Principal {
  requestId: string;
}

/** The actor of a guarded route. */
export function actorOf(c: { get<K extends keyof AppEnv["Variables"]>(key: K): AppEnv["Variables"][K] }): Actor {
  return { ...principalOf(c), requestId: c.get("requestId") };
}
