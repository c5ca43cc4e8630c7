/**
 * Query-parameter parsing with precise 400s: every message names the parameter and what is
 * accepted. Unknown parameters are refused, so a typo (`namspace=`) is not silently ignored.
 */

import { parseWindow, type WindowName } from '../digest/windows.ts';
import { BadRequestError } from '../errors.ts';
import { FINDING_TYPES, type FindingType } from '../findings.ts';
import type { FindingQuery } from '../ports.ts';

type Params = Readonly<Record<string, string | undefined>>;

export const FINDING_QUERY_PARAMETERS = [
  'cluster',
  'namespace',
  'type',
  'user',
  'since',
  'until',
  'limit',
  'cursor',
] as const;

export const MAX_LIMIT = 500;

/** Refuses any parameter not in `accepted`. */
export function rejectUnknownParameters(params: Params, accepted: readonly string[]): void {
  const unknown = Object.keys(params).filter((name) => !accepted.includes(name));
  if (unknown.length === 0) return;
  const list = accepted.length === 0 ? 'none' : accepted.join(', ');
  throw new BadRequestError(
    `unknown query parameter ${unknown.map((name) => JSON.stringify(name)).join(', ')} (accepted: ${list})`,
  );
}

/** A non-empty text parameter, or undefined when absent. */
export function parseText(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new BadRequestError(`${name} must not be empty when given`);
  if (value.length > 512) throw new BadRequestError(`${name} must be at most 512 characters`);
  return value;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** An ISO 8601 time (a date alone means its midnight UTC), normalised to UTC with milliseconds. */
export function parseTime(params: Params, name: string): string | undefined {
  const value = parseText(params, name);
  if (value === undefined) return undefined;
  const time = ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new BadRequestError(
      `${name} must be an ISO 8601 time with a zone, such as 2026-11-26T18:00:00Z, got ${JSON.stringify(value)}`,
    );
  }
  return new Date(time).toISOString();
}

export function parseFindingType(params: Params, name: string): FindingType | undefined {
  const value = parseText(params, name);
  if (value === undefined) return undefined;
  if ((FINDING_TYPES as readonly string[]).includes(value)) return value as FindingType;
  throw new BadRequestError(
    `${name} must be one of ${FINDING_TYPES.join(', ')}, got ${JSON.stringify(value)}`,
  );
}

export function parseLimit(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const limit = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new BadRequestError(
      `${name} must be a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(value)}`,
    );
  }
  return limit;
}

/** `GET /findings` parameters as a FindingQuery (absent parameters are left out). */
export function parseFindingQuery(params: Params): FindingQuery {
  rejectUnknownParameters(params, FINDING_QUERY_PARAMETERS);
  const query: FindingQuery = {
    cluster: parseText(params, 'cluster'),
    namespace: parseText(params, 'namespace'),
    type: parseFindingType(params, 'type'),
    user: parseText(params, 'user'),
    since: parseTime(params, 'since'),
    until: parseTime(params, 'until'),
    limit: parseLimit(params, 'limit'),
    cursor: parseText(params, 'cursor'),
  };
  if (query.since !== undefined && query.until !== undefined && query.since >= query.until) {
    throw new BadRequestError(
      `since must be earlier than until, got since=${query.since} and until=${query.until}`,
    );
  }
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined),
  ) as FindingQuery;
}

export interface SummaryParams {
  cluster?: string;
  window: WindowName;
}

/** `GET /summary` parameters; the window defaults to 24h. */
export function parseSummaryParams(params: Params): SummaryParams {
  rejectUnknownParameters(params, ['cluster', 'window']);
  const cluster = parseText(params, 'cluster');
  const window = parseWindow(params.window ?? '24h');
  return cluster === undefined ? { window } : { cluster, window };
}
