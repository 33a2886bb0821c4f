/**
 * The console's one way to the API: the typed client (client/, openapi-fetch) in cookie mode. The session
 * lives in HttpOnly SameSite=Strict cookies the page cannot read; writes are JSON or multipart, the only
 * bodies the API accepts, so a cross-site form cannot forge one. A 401 refreshes the session once and retries.
 */
import { createShopClient } from "../../client/index.ts";
import type { components } from "../../client/index.ts";

export type User = components["schemas"]["User"];
export type Role = User["role"];

export const shop = createShopClient({ baseUrl: location.origin });
export const COOKIE_MODE = { "X-Auth-Mode": "cookie" } as const;

/** An API error as the API worded it: its code, message and details, shown to the user unchanged. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

interface ErrorShape {
  error?: { code?: string; message?: string; details?: unknown };
}

export function failureOf(response: Response, body: unknown): ApiFailure {
  const error = (body as ErrorShape | undefined)?.error;
  if (error?.message) return new ApiFailure(response.status, error.code ?? "error", error.message, error.details);
  return new ApiFailure(response.status, `http_${response.status}`, `HTTP ${response.status} ${response.statusText}`.trim());
}

let refreshing: Promise<boolean> | undefined;

/** Rotates the refresh cookie for a new access cookie; concurrent 401s share one refresh. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch("/api/v1/auth/refresh", {
    method: "POST",
    headers: { ...COOKIE_MODE, "Content-Type": "application/json" },
    body: "{}",
  })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => (refreshing = undefined));
  return refreshing;
}

/** Only a missing or expired access token is worth a refresh (a wrong password, say, is not). */
const sessionLapsed = (status: number, body: unknown) => status === 401 && (body as ErrorShape | undefined)?.error?.code === "unauthenticated";

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Runs a typed-client call; its data, or an ApiFailure carrying the API's own error. */
export async function call<T>(request: () => Promise<Result<T>>): Promise<T> {
  let result = await request();
  if (sessionLapsed(result.response.status, result.error) && (await refreshSession())) result = await request();
  if (!result.response.ok) throw failureOf(result.response, result.error);
  return result.data as T;
}

/** Same for a raw fetch (file downloads, uploads' siblings): same-origin, so the session cookie goes along. */
export async function fetchOk(url: string, init: RequestInit = {}): Promise<Response> {
  let response = await fetch(url, init);
  if (response.status === 401 && sessionLapsed(401, await response.clone().json().catch(() => undefined)) && (await refreshSession())) {
    response = await fetch(url, init);
  }
  if (!response.ok) throw failureOf(response, await response.json().catch(() => undefined));
  return response;
}

/** Downloads a file the API serves (invoice, export) under its own filename, or throws the API's error. */
export async function download(url: string, fallbackName: string): Promise<string> {
  const response = await fetchOk(url);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const name = disposition.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i)?.[1] ?? fallbackName;
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = decodeURIComponent(name);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return link.download;
}

/**
 * Uploads files in one multipart request (field `files`, the API's several-at-once form), reporting each
 * file's progress from the bytes sent (fetch cannot report upload progress, XMLHttpRequest can). One request,
 * not one per file: the API decides the new images' positions and primary together.
 */
export function uploadWithProgress(url: string, files: File[], onProgress: (fractions: number[]) => void): Promise<unknown> {
  const total = files.reduce((n, f) => n + f.size, 0) || 1;
  const fractionsAt = (sent: number) => {
    let before = 0;
    return files.map((f) => {
      const done = Math.min(1, Math.max(0, (sent - before) / (f.size || 1)));
      before += f.size;
      return done;
    });
  };
  const send = () =>
    new Promise<{ status: number; statusText: string; body: unknown }>((resolve, reject) => {
      const form = new FormData();
      for (const file of files) form.append("files", file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.responseType = "json";
      // Bytes sent include multipart framing; scaled to the files' own bytes, close enough for a bar.
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(fractionsAt((e.loaded / e.total) * total));
      xhr.onload = () => resolve({ status: xhr.status, statusText: xhr.statusText, body: xhr.response });
      xhr.onerror = () => reject(new ApiFailure(0, "network_error", "The upload did not reach the server"));
      xhr.send(form);
    });
  return send()
    .then(async (r) => (sessionLapsed(r.status, r.body) && (await refreshSession()) ? send() : r))
    .then((r) => {
      if (r.status >= 200 && r.status < 300) {
        onProgress(files.map(() => 1));
        return r.body;
      }
      throw failureOf(new Response(null, { status: r.status, statusText: r.statusText }), r.body);
    });
}
