/** The filters above a list: the fields, then a button that applies them (without reloading the page). */
import type { ComponentChildren } from "preact";

export function FilterForm({ onApply, submit = "Apply", inline = false, children }: { onApply: () => void; submit?: string; inline?: boolean; children: ComponentChildren }) {
  return (
    <form
      class={inline ? "inline-form" : "filters"}
      onSubmit={(e) => {
        e.preventDefault();
        onApply();
      }}
    >
      {children}
      <button type="submit">{submit}</button>
    </form>
  );
}
