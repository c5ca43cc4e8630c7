/** Policy versions `v1.<minor>`: parsing, formatting and ordering by minor number. */

const VERSION_PATTERN = /^v?1\.(0|[1-9]\d{0,3})$/;

/** The minor number of `v1.<minor>` (the `v` is optional), or `undefined` when malformed. */
export function parseMinor(text: string): number | undefined {
  const match = VERSION_PATTERN.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function formatVersion(minor: number): string {
  return `v1.${minor}`;
}
