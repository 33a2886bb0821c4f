/**
 * Soft delete with an undo: a deleted item leaves its list (the API lists deleted ones apart), so a notice offers
 * to restore it at once.
 */
import { useState } from "preact/hooks";
import type { Action } from "./ui";

/** `remove` and `restore` call the API; `refresh` reloads the list after either. Both run as `action`. */
export function useSoftDelete<T>(action: Action, calls: { remove: (item: T) => Promise<unknown>; restore: (item: T) => Promise<unknown>; refresh: () => Promise<void> }) {
  const [lastDeleted, setLastDeleted] = useState<T>();
  const remove = (item: T) =>
    action.run(async () => {
      await calls.remove(item);
      setLastDeleted(item);
      await calls.refresh();
    });
  const restore = (item: T) =>
    action.run(async () => {
      await calls.restore(item);
      setLastDeleted(undefined);
      await calls.refresh();
    });
  return { lastDeleted, remove, restore };
}

/** "Deleted X. Restore X" after a delete; `note` says where the item went. */
export function DeletedNotice({ name, note = "", busy, onRestore }: { name: string; note?: string; busy: boolean; onRestore: () => void }) {
  return (
    <p class="notice" role="status">
      Deleted {name}
      {note}.{" "}
      <button class="link" disabled={busy} onClick={onRestore}>
        Restore {name}
      </button>
    </p>
  );
}
