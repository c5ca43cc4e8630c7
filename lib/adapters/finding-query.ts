/**
 * Validation of a finding query and the opaque cursor, shared by the DynamoDB and the in-memory
 * finding stores. Everything here may come from an HTTP query string: bad values are
 * BadRequestErrors naming the parameter.
 */
import { BadRequestError } from '../errors.ts';
import { FINDING_TYPES, type FindingType } from '../findings.ts';
import type { FindingQuery } from '../ports.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** How far back a query that names neither cluster, namespace nor user walks by default. */
export const DEFAULT_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

export interface ResolvedQuery {
  cluster?: string;
  namespace?: string;
  type?: FindingType;
  user?: string;
  /** Inclusive, ISO with milliseconds; undefined means unbounded. */
  since?: string;
  /** Exclusive, ISO with milliseconds; undefined means unbounded. */
  until?: string;
  limit: number;
  cursor?: string;
}

export function resolveQuery(query: FindingQuery): ResolvedQuery {
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new BadRequestError(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${limit}`);
  }
  if (query.type !== undefined && !(FINDING_TYPES as readonly string[]).includes(query.type)) {
    throw new BadRequestError(
      `type must be one of ${FINDING_TYPES.join(', ')}, got "${String(query.type)}"`,
    );
  }
  const since = parseTime('since', query.since);
  const until = parseTime('until', query.until);
  if (since !== undefined && until !== undefined && since >= until) {
    throw new BadRequestError(`since must be before until, got since=${since} until=${until}`);
  }
  const resolved: ResolvedQuery = { limit };
  for (const key of ['cluster', 'namespace', 'user'] as const) {
    const value = query[key];
    if (value !== undefined) resolved[key] = value;
  }
  if (query.type !== undefined) resolved.type = query.type;
  if (since !== undefined) resolved.since = since;
  if (until !== undefined) resolved.until = until;
  if (query.cursor !== undefined && query.cursor !== '') resolved.cursor = query.cursor;
  return resolved;
}

function parseTime(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new BadRequestError(`${name} must be an ISO 8601 time, got "${value.slice(0, 64)}"`);
  }
  return new Date(ms).toISOString();
}

/**
 * The time window a day-walking query covers: the given one, or the last 7 days up to now; never
 * further back than `maxDays` before now (older findings have expired), so a walk stays short.
 */
export function resolveWindow(
  query: ResolvedQuery,
  now: Date,
  maxDays?: number,
): { since: string; until: string } {
  const until = query.until ?? now.toISOString();
  let since =
    query.since ?? new Date(Date.parse(until) - DEFAULT_WINDOW_DAYS * DAY_MS).toISOString();
  if (maxDays !== undefined) {
    const oldest = new Date(now.getTime() - maxDays * DAY_MS).toISOString();
    if (since < oldest) since = oldest;
    if (since > until) since = until;
  }
  return { since, until };
}

/** `YYYY-MM-DD` of an ISO time. */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** Days from the one holding the last instant before `until` back to the day of `since`. */
export function walkDaysBackwards(since: string, until: string): string[] {
  const days: string[] = [];
  const first = dayOf(since);
  let ms = Date.parse(`${dayOf(new Date(Date.parse(until) - 1).toISOString())}T00:00:00.000Z`);
  for (;;) {
    const day = new Date(ms).toISOString().slice(0, 10);
    if (day < first) break;
    days.push(day);
    ms -= DAY_MS;
  }
  return days;
}

/** Sort key of a finding in every index: time then id, so ties stay in a stable order. */
export function sortKeyOf(time: string, id: string): string {
  return `${new Date(Date.parse(time)).toISOString()}#${id}`;
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a cursor to a plain object; anything else is a BadRequestError. */
export function decodeCursor(cursor: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(cursor)) throw invalidCursor();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalidCursor(error);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidCursor();
  return value as Record<string, unknown>;
}

export function invalidCursor(cause?: unknown): BadRequestError {
  return new BadRequestError(
    'cursor is not a cursor of this query: pass the cursor of the previous page unchanged',
    cause === undefined ? undefined : { cause },
  );
}

/** True when `ts` lies in [since, until) as index sort keys compare. */
export function isInWindow(ts: string, since?: string, until?: string): boolean {
  return (since === undefined || ts >= since) && (until === undefined || ts < until);
}
