import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

/** The single authority over one variant's stock (DESIGN.md invariant 1). */
export class StockObject extends DurableObject<Env> {}
