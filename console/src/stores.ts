/** Store names by id (GET /stores is public), for labels; loaded once. */
import { useEffect, useState } from "preact/hooks";
import { call, shop } from "./api";

type Store = { id: string; name: string; slug: string };
let cache: Promise<Map<string, Store>> | undefined;

export function loadStores(): Promise<Map<string, Store>> {
  cache ??= call(() => shop.GET("/api/v1/stores", { params: { query: { page_size: 100 } } }))
    .then((page) => new Map(page.data.map((s) => [s.id, s] as const)))
    .catch(() => new Map());
  return cache;
}

export function useStores(): Map<string, Store> {
  const [stores, setStores] = useState(new Map<string, Store>());
  useEffect(() => void loadStores().then(setStores), []);
  return stores;
}
