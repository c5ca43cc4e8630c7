/**
 * Sums hour buckets into the counts of a window. Shared by `GET /summary` and the digests: both
 * read buckets only, so their cost depends on the number of hours, not of findings.
 */
import { BUCKET_DIMENSIONS, type BucketDimension, type HourBucket } from '../findings.ts';
import type { FindingStore } from '../ports.ts';
import { resolveWindowRanges, type WindowName, type WindowRange } from './windows.ts';

export { BUCKET_DIMENSIONS, type BucketDimension };

export type WindowCounts = { total: number } & Record<BucketDimension, Record<string, number>>;

export function emptyCounts(): WindowCounts {
  return {
    total: 0,
    byType: {},
    byNamespace: {},
    byPolicy: {},
    byCheck: {},
    byField: {},
    byUser: {},
    byWorkload: {},
    pssFailuresByNamespace: {},
  };
}

/** Adds up every counter of `buckets`; `total` is the sum of `byType`. Keys come out sorted. */
export function aggregateBuckets(buckets: readonly HourBucket[]): WindowCounts {
  const counts = emptyCounts();
  for (const bucket of buckets) {
    for (const dimension of BUCKET_DIMENSIONS) {
      const target = counts[dimension];
      for (const [key, value] of Object.entries(bucket[dimension] ?? {})) {
        if (typeof value !== 'number' || !Number.isFinite(value)) continue;
        target[key] = (target[key] ?? 0) + value;
      }
    }
  }
  for (const dimension of BUCKET_DIMENSIONS) counts[dimension] = sortKeys(counts[dimension]);
  counts.total = Object.values(counts.byType).reduce((sum, value) => sum + value, 0);
  return counts;
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export function selectBucketsInRange(
  buckets: readonly HourBucket[],
  range: { from: Date; until: Date },
): HourBucket[] {
  const from = range.from.getTime();
  const until = range.until.getTime();
  return buckets.filter((bucket) => {
    const hour = Date.parse(bucket.hour);
    return hour >= from && hour < until;
  });
}

export interface WindowComparison {
  cluster: string | null;
  current: WindowRange & { counts: WindowCounts };
  previous: WindowRange & { counts: WindowCounts };
}

/**
 * Counts of the window ending at `until` and of the window before it, from one bucket read.
 * Buckets are filtered here too, so a store whose upper bound is inclusive changes nothing.
 */
export async function readWindowComparison(
  findings: Pick<FindingStore, 'readBuckets'>,
  options: { cluster?: string; window: WindowName; until: Date },
): Promise<WindowComparison> {
  const { current, previous } = resolveWindowRanges(options.window, options.until);
  const buckets = await findings.readBuckets(options.cluster, previous.from, current.until);
  return {
    cluster: options.cluster ?? null,
    current: { ...current, counts: aggregateBuckets(selectBucketsInRange(buckets, current)) },
    previous: { ...previous, counts: aggregateBuckets(selectBucketsInRange(buckets, previous)) },
  };
}
