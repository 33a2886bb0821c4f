/** A table in its scrolling wrapper, with its header row: the screens' lists. */
import type { ComponentChildren } from "preact";

/** A heading; `num` right-aligns a column of figures, `hidden` names a column (actions, a checkbox) for screen readers only. */
type Column = string | { label: string; num?: boolean; hidden?: boolean };

export function Table({ columns, testId, foot, children }: { columns: Column[]; testId?: string; foot?: ComponentChildren; children: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column) => {
              const { label, num, hidden } = typeof column === "string" ? { label: column } : column;
              return (
                <th key={label} scope="col" class={num ? "num" : undefined}>
                  {hidden ? <span class="sr-only">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {foot && <tfoot>{foot}</tfoot>}
      </table>
    </div>
  );
}
