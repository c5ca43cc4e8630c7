/**
 * Fitting messages into SNS: a Subject SNS accepts (ASCII, no line breaks, under 100 characters)
 * and per-protocol bodies (`MessageStructure: 'json'`) under the 256 KB message limit, cutting
 * text with "… and N more lines" and halving the longest JSON arrays when a digest is too large.
 */

/** SNS's limit for one message; attributes and subject are counted in it. */
export const MAX_MESSAGE_BYTES = 262_144;
/** What we keep free for message attributes and the subject. */
const ENVELOPE_ALLOWANCE = 4_096;
export const MESSAGE_BUDGET = MAX_MESSAGE_BYTES - ENVELOPE_ALLOWANCE;
const MAX_SUBJECT = 99;

export function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** Bytes a string takes once escaped inside a JSON document (without the quotes). */
function escapedBytes(value: string): number {
  return byteLength(JSON.stringify(value)) - 2;
}

/** Printable ASCII on one line, under 100 characters, never empty. */
export function renderSubject(subject: string): string {
  const ascii = subject
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  const text = ascii === '' ? 'psp-audit' : ascii;
  return text.length <= MAX_SUBJECT ? text : `${text.slice(0, MAX_SUBJECT - 3).trimEnd()}...`;
}

/**
 * Keeps as many whole lines as fit in `maxBytes` (measured escaped, as inside the structured
 * message) and ends with `… and N more lines`.
 */
export function cutText(text: string, maxBytes: number): string {
  if (escapedBytes(text) <= maxBytes) return text;
  const lines = text.split('\n');
  const render = (kept: number) =>
    [...lines.slice(0, kept), `… and ${lines.length - kept} more lines`].join('\n');
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (escapedBytes(render(mid)) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  if (low > 0) return render(low);
  // Not one whole line fits: keep the start of the first line.
  const first = lines[0] ?? '';
  const tail = lines.length > 1 ? `\n… and ${lines.length - 1} more lines` : '';
  const withChars = (chars: number) => `${first.slice(0, chars)}…${tail}`;
  let fewest = 0;
  let most = first.length;
  while (fewest < most) {
    const mid = Math.ceil((fewest + most) / 2);
    if (escapedBytes(withChars(mid)) <= maxBytes) fewest = mid;
    else most = mid - 1;
  }
  if (escapedBytes(withChars(fewest)) <= maxBytes) return withChars(fewest);
  return escapedBytes(render(0)) <= maxBytes ? render(0) : '';
}

/**
 * Cuts the largest arrays of a JSON value (keeping their first items) until it serialises within
 * `maxBytes`; what was cut is listed under `truncated` (path -> items left out). Falls back to a
 * short notice.
 */
export function shrinkJson(value: unknown, maxBytes: number): unknown {
  if (byteLength(JSON.stringify(value)) <= maxBytes) return value;
  const copy = structuredClone(value);
  const omitted: Record<string, number> = {};
  const withNote = () =>
    typeof copy === 'object' && copy !== null && !Array.isArray(copy)
      ? { ...(copy as Record<string, unknown>), truncated: omitted }
      : { value: copy, truncated: omitted };
  for (let round = 0; round < 500; round++) {
    if (byteLength(JSON.stringify(withNote())) <= maxBytes) return withNote();
    const largest = findLargestArray(copy, '$');
    if (largest === null) break;
    const original = largest.array.slice();
    const before = omitted[largest.path] ?? 0;
    const keepFirst = (keep: number) => {
      largest.array.splice(0, largest.array.length, ...original.slice(0, keep));
      omitted[largest.path] = before + original.length - keep;
      return byteLength(JSON.stringify(withNote())) <= maxBytes;
    };
    if (!keepFirst(0)) {
      // Other arrays are too large as well: halve this one and look again.
      keepFirst(Math.floor(original.length / 2));
      continue;
    }
    // Keep as many leading items as fit.
    let low = 0;
    let high = original.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (keepFirst(mid)) low = mid;
      else high = mid - 1;
    }
    keepFirst(low);
    return withNote();
  }
  return { truncated: true, note: 'too large for one SNS message; see the e-mail text' };
}

function findLargestArray(value: unknown, path: string): { path: string; array: unknown[] } | null {
  let best: { path: string; array: unknown[]; size: number } | null = null;
  const visit = (node: unknown, at: string) => {
    if (Array.isArray(node)) {
      if (node.length > 0) {
        const size = JSON.stringify(node).length;
        if (best === null || size > best.size) best = { path: at, array: node, size };
      }
      for (const [i, child] of node.entries()) visit(child, `${at}[${i}]`);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) visit(child, `${at}.${key}`);
    }
  };
  visit(value, path);
  const found = best as { path: string; array: unknown[] } | null;
  return found === null ? null : { path: found.path, array: found.array };
}

/**
 * A structured message: `default` holds the JSON body, the text protocols the text. Cuts the
 * JSON to at most half the budget when it is larger, then the text to what is left.
 */
export function renderStructuredMessage(
  json: unknown,
  text: string,
  textProtocols: readonly string[],
  budget: number = MESSAGE_BUDGET,
): string {
  const build = (body: string, words: string) =>
    JSON.stringify({
      default: body,
      ...Object.fromEntries(textProtocols.map((protocol) => [protocol, words])),
    });
  let body = JSON.stringify(json);
  const whole = build(body, text);
  if (byteLength(whole) <= budget) return whole;
  if (escapedBytes(body) > budget / 2) body = JSON.stringify(shrinkJson(json, budget / 2 - 64));
  const room = budget - byteLength(build(body, ''));
  const perCopy = Math.floor(room / Math.max(1, textProtocols.length));
  return build(body, cutText(text, perCopy));
}
