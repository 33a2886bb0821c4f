/** The entries of `values` that are set: the API reads an absent filter or field as "none", an empty string as a value. */
type Filled<T> = { [K in keyof T]?: Exclude<T[K], "" | undefined> };

export function filled<T extends Record<string, string | undefined>>(values: T): Filled<T> {
  // Object.fromEntries loses the keys' types; the filter keeps exactly the entries Filled<T> describes.
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value)) as Filled<T>;
}
