import type { Context } from "hono";
import type { AppEnv } from "../env";
import { sha256Hex } from "../lib/crypto";

/**
 * The network a request comes from, for per-client limits: Cloudflare's `CF-Connecting-IP` (set by
 * the edge, not by the client), an IPv6 address cut to its /64 because one subscriber holds a whole
 * /64. Hashed, so neither rate-limit keys nor order rows carry an address.
 */
export async function clientKey(c: Context<AppEnv>): Promise<string> {
  return sha256Hex(`client:${networkOf(c.req.header("CF-Connecting-IP") ?? "unknown")}`);
}

function networkOf(ip: string): string {
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
