/** Message helpers shared by the checks, so every detail reads the way the library writes it. */

/** `"a", "b"` — each item in double quotes, comma separated. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "a"` / `containers "a", "b"`. */
export function describeContainers(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Distinct values, sorted by code unit (the library's `sets.String.List()`). */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Go's `%q` for the strings we quote (annotation values): a JSON string literal. */
export function quoteGo(value: string): string {
  return JSON.stringify(value);
}

/** A container's name as text, whatever the untrusted manifest holds. */
export function nameOf(container: { name?: unknown }): string {
  return typeof container.name === 'string' ? container.name : String(container.name ?? '');
}

/** Appends to a list created on first use, so the allowed path allocates nothing. */
export function append<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined) return [item];
  list.push(item);
  return list;
}
