/** Display helpers: money in minor units (IDR has none), dates in the browser's locale. */
export const money = (amount: number, currency = "IDR") =>
  new Intl.NumberFormat(undefined, { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);

export const dateTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : "—");

export const statusLabel = (status: string) => status.replaceAll("_", " ");

/** Statuses as a select's choices, each under its label. */
export const statusOptions = <T extends string>(statuses: readonly T[]) => statuses.map((value) => ({ value, label: statusLabel(value) }));

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
