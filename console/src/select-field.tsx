/** A labelled select over a fixed set of values. */

/** A value shown as its own text, or with a label of its own. */
type Choice<T extends string> = T | { value: T; label: string };

/**
 * `anyOption` adds an empty choice meaning "no filter"; `placeholder` a disabled empty one, shown until a value
 * is picked.
 */
export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly Choice<T>[];
  onChange: (value: T) => void;
  anyOption?: string;
  placeholder?: string;
  required?: boolean;
}) {
  return (
    <label>
      {props.label}
      <select required={props.required} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
        {props.anyOption && <option value="">{props.anyOption}</option>}
        {props.placeholder && (
          <option value="" disabled>
            {props.placeholder}
          </option>
        )}
        {props.options.map((option) => {
          const { value, label } = typeof option === "string" ? { value: option, label: option } : option;
          return (
            <option key={value} value={value}>
              {label}
            </option>
          );
        })}
      </select>
    </label>
  );
}
