/** A list read page by page with the API's cursor (25 rows a page, with the total), and its "Load more" button. */
import { useState } from "preact/hooks";
import { type Action, ErrorBox, useAction, useLoad } from "./ui";

/** The paging parameters of a request; the screen adds its filters. */
interface PageQuery {
  limit: number;
  include: "total";
  cursor?: string;
}
const PAGE = { limit: 25, include: "total" } as const;

/** The first page loads on mount and whenever `deps` change; `loadMore` appends the next while there is one. */
export function useCursorPages<P extends { data: unknown[]; next_cursor: string | null }>(fetchPage: (query: PageQuery) => Promise<P>, deps: unknown[]) {
  const [rows, setRows] = useState<P["data"]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const first = useLoad(async () => {
    const page = await fetchPage(PAGE);
    setRows(page.data);
    setCursor(page.next_cursor);
    return page;
  }, deps);
  const more = useAction();
  const loadMore = () =>
    more.run(async () => {
      if (!cursor) return;
      const page = await fetchPage({ ...PAGE, cursor });
      setRows((r) => [...r, ...page.data]);
      setCursor(page.next_cursor);
    });
  return { rows, first, more, hasMore: cursor !== null, loadMore };
}

export function LoadMore({ pages }: { pages: { more: Action; hasMore: boolean; loadMore: () => unknown } }) {
  return (
    <>
      <ErrorBox error={pages.more.error} />
      {pages.hasMore && (
        <button disabled={pages.more.busy} onClick={pages.loadMore}>
          Load more
        </button>
      )}
    </>
  );
}
