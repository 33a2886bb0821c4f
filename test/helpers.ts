import { exports } from "cloudflare:workers";
import { expect, vi } from "vitest";

export const BASE = "http://shop.test";

export interface ApiOptions {
  method?: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

/** A random documentation-range IPv6 address (2001:db8::/32), a different /64 every time. */
export function randomClientIp(): string {
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  return `2001:db8:${group()}:${group()}::1`;
}

/**
 * Miniflare's rate limiters count in wall-clock-aligned 60 s windows; a test that counts exactly
 * starts with at least `needMs` left in the current window, so no reset lands in the middle of it.
 */
export async function awayFromWindowEdge(needMs = 15_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/** A request through the Worker's real fetch handler. */
export async function api(path: string, options: ApiOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  // Each call is its own client unless a test says otherwise, so per-client limits only bite where tested.
  if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", randomClientIp());
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || typeof options.body === "string") body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("Content-Type", "application/json");
  }
  const url = path.startsWith("/health") || path.startsWith("/api/") ? path : `/api/v1${path}`;
  return exports.default.fetch(new Request(`${BASE}${url}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body }));
}

export async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Asserts the contract's error shape and returns it. */
export async function expectError(res: Response, status: number, code: string) {
  const body = await json<{ error: { code: string; message: string; details?: any; request_id: string } }>(res);
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe("string");
  expect(body.error.request_id).toBeTruthy();
  return body.error;
}

/** Waits for the email queue consumer to put a message for `to` in the outbox, and returns the newest. */
export async function waitForOutbox(adminToken: string, to: string, template: string) {
  return vi.waitFor(
    async () => {
      const res = await api(`/admin/outbox?to=${encodeURIComponent(to)}&template=${template}`, { token: adminToken });
      const body = await json(res);
      if (!body.data?.length) throw new Error(`no ${template} for ${to} yet`);
      return body.data[0] as { subject: string; text: string; html: string; to: string };
    },
    { timeout: 30_000, interval: 100 },
  );
}
