/** `GET /findings`, `GET /findings/{id}` and `GET /summary`: reads served by keys and buckets. */
import { readWindowComparison, type WindowCounts } from '../digest/aggregate-buckets.ts';
import { floorToHour } from '../digest/windows.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { ApiRoute } from './api-types.ts';
import { ok } from './api-types.ts';
import { parseFindingQuery, parseSummaryParams, rejectUnknownParameters } from './parse-params.ts';

const HOUR_MS = 3_600_000;

export const listFindings: ApiRoute = async (request, { findings }) => {
  const page = await findings.query(parseFindingQuery(request.query));
  return ok({ items: page.items, cursor: page.cursor });
};

export const getFinding: ApiRoute = async (request, { findings }) => {
  rejectUnknownParameters(request.query, []);
  const id = decodePathSegment(request.pathParameters.id ?? '');
  if (id.trim() === '') throw new BadRequestError('id must be a finding id');
  const finding = await findings.get(id);
  if (finding === null) throw new NotFoundError(`no finding with id ${JSON.stringify(id)}`);
  return ok(finding);
};

/** A path segment a client may have percent-encoded (`abc%3Apsp-violation`). */
function decodePathSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequestError(
      `id is not a valid percent-encoded path segment: ${JSON.stringify(segment)}`,
    );
  }
}

/**
 * Counts of the window (the current hour included, so it runs up to the next hour boundary) and
 * of the window before it.
 */
export const getSummary: ApiRoute = async (request, { findings, clock }) => {
  const { cluster, window } = parseSummaryParams(request.query);
  const until = new Date(floorToHour(clock.now()).getTime() + HOUR_MS);
  const { current, previous } = await readWindowComparison(findings, { cluster, window, until });
  return ok({
    cluster: cluster ?? null,
    window,
    current: renderCounts(current.from, current.until, current.counts),
    previous: renderCounts(previous.from, previous.until, previous.counts),
  });
};

function renderCounts(from: Date, until: Date, counts: WindowCounts) {
  return {
    from: from.toISOString(),
    until: until.toISOString(),
    total: counts.total,
    byType: counts.byType,
    byNamespace: counts.byNamespace,
    byPolicy: counts.byPolicy,
    byCheck: counts.byCheck,
    byField: counts.byField,
    byUser: counts.byUser,
    byWorkload: counts.byWorkload,
    pssFailuresByNamespace: counts.pssFailuresByNamespace,
  };
}
