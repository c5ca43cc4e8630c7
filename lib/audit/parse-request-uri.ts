/**
 * Reads the query string of an audit event's `requestURI`, which keeps the client's raw form
 * encoding: one `command` parameter per exec argument in order, `+` for a space, `%2B` for a real
 * plus, percent-encoded UTF-8. `decodeURIComponent` alone leaves the `+`, and throws on a bad
 * escape; this does neither.
 */

/** Every parameter of the query, each with all its values in order. */
export function parseRequestQuery(requestURI: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  const start = requestURI.indexOf('?');
  if (start === -1) return params;
  const end = requestURI.indexOf('#', start);
  const query = requestURI.slice(start + 1, end === -1 ? undefined : end);
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decodeFormComponent(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodeFormComponent(pair.slice(equals + 1));
    const values = params.get(key);
    if (values === undefined) params.set(key, [value]);
    else values.push(value);
  }
  return params;
}

/** True when the request was a dry run (`dryRun=All`, or any non-empty value). */
export function isDryRun(requestURI: string): boolean {
  if (!requestURI.includes('dryRun')) return false;
  const values = parseRequestQuery(requestURI).get('dryRun');
  return values?.some((value) => value !== '') ?? false;
}

/** `application/x-www-form-urlencoded` decoding that keeps a malformed escape as written. */
export function decodeFormComponent(text: string): string {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
