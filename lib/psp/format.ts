/** Helpers that keep PSP denial messages uniform. */
import type { ContainerView } from './check.ts';
import type { IdRange } from './types.ts';

/** `"name"` with JSON quoting, so odd characters stay visible. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** ` (container "app")`, ` (init container "setup")`, ` (ephemeral container "debug")`. */
export function inContainer(container: ContainerView): string {
  const kind =
    container.kind === 'containers'
      ? 'container'
      : container.kind === 'initContainers'
        ? 'init container'
        : 'ephemeral container';
  return ` (${kind} ${quote(container.name)})`;
}

/** `[1000-2000, 3000]`: inclusive ranges as a person reads them. */
export function formatRanges(ranges: readonly IdRange[]): string {
  return `[${ranges.map((r) => (r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`)).join(', ')}]`;
}

/** `a, b, c` or `none`. */
export function formatList(values: readonly string[]): string {
  return values.length === 0 ? 'none' : values.join(', ');
}

export function inRanges(value: number, ranges: readonly IdRange[]): boolean {
  for (const range of ranges) {
    if (value >= range.min && value <= range.max) return true;
  }
  return false;
}
