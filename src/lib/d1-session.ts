import type { Context } from "hono";
import type { AppEnv } from "../env";

/**
 * D1 read replication through the Sessions API. A client that wrote sends back the bookmark it was given
 * (`X-D1-Bookmark`), and its reads go to a replica at least that fresh: it reads its own writes. Without
 * one, reads may go to any replica ("first-unconstrained"). Every answer carries the session's latest
 * bookmark, to be sent with the next request.
 */
export const BOOKMARK_HEADER = "X-D1-Bookmark";

/** Bookmarks are opaque, but short and plain; anything else is ignored rather than handed to D1. */
const BOOKMARK = /^[A-Za-z0-9._:-]{1,256}$/;

export function bookmarkOf(c: Context<AppEnv>): string | undefined {
  const value = c.req.header(BOOKMARK_HEADER);
  return value && BOOKMARK.test(value) ? value : undefined;
}

export function readSession(c: Context<AppEnv>): D1DatabaseSession {
  return c.env.DB.withSession(bookmarkOf(c) ?? "first-unconstrained");
}

/** Sets the bookmark to send back: the session's own if it ran a query, else the one the client sent. */
export function returnBookmark(c: Context<AppEnv>, session: D1DatabaseSession): void {
  const bookmark = session.getBookmark() ?? bookmarkOf(c);
  if (bookmark) c.header(BOOKMARK_HEADER, bookmark);
}

/** The primary's bookmark after a write, so the writer's next reads (through any replica) include it. */
export async function primaryBookmark(db: D1Database): Promise<string | null> {
  const session = db.withSession("first-primary");
  await session.prepare("SELECT 1").run();
  return session.getBookmark();
}
