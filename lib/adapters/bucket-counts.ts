/**
 * Hour-bucket counting shared by the DynamoDB and the in-memory finding stores: which counters a
 * finding increments, how distinct keys are capped so one bucket item stays far below
 * DynamoDB's 400 KB item limit, and the hour a time falls in.
 */

import { PspAuditError } from '../errors.ts';
import {
  BUCKET_DIMENSIONS,
  type BucketDimension,
  type Finding,
  type HourBucket,
} from '../findings.ts';

export const DIMENSIONS = BUCKET_DIMENSIONS;
export type Dimension = BucketDimension;

/** Where the keys past a dimension's cap are counted. */
export const OTHER_KEY = '(other)';

export interface BucketLimits {
  /** Distinct keys per dimension (not counting `(other)`). */
  maxKeys: number;
  /** UTF-8 bytes of the distinct keys of one dimension. */
  maxKeyBytes: number;
}

/** 8 dimensions × 40 000 bytes of keys (+ counters) stays well under 400 KB. */
export const DEFAULT_BUCKET_LIMITS: BucketLimits = { maxKeys: 500, maxKeyBytes: 40_000 };

/** Counters of one bucket: dimension -> key -> increment. */
export type Increments = Map<Dimension, Map<string, number>>;

/**
 * The counters one finding increments, once per distinct key (a finding denied by two reasons of
 * one policy counts once for that policy). `byWorkload` keys are `<namespace>/<kind>/<name>`;
 * findings without an owning workload are not counted there.
 */
export function selectCounterKeys(finding: Finding): Record<Dimension, string[]> {
  const unique = (values: (string | undefined)[]) =>
    [...new Set(values.filter((v): v is string => v !== undefined))].sort();
  return {
    byType: [finding.type],
    byNamespace: [finding.namespace],
    byPolicy: unique(finding.reasons.map((r) => r.policy)),
    byCheck: unique(finding.reasons.map((r) => r.check)),
    byField: unique(finding.reasons.map((r) => r.field)),
    byUser: [finding.user],
    byWorkload: finding.workload === null ? [] : [`${finding.namespace}/${finding.workload}`],
    pssFailuresByNamespace: finding.type === 'pss-violation' ? [finding.namespace] : [],
  };
}

export function addFinding(increments: Increments, finding: Finding): void {
  const keys = selectCounterKeys(finding);
  for (const dimension of DIMENSIONS) {
    for (const key of keys[dimension]) {
      let counters = increments.get(dimension);
      if (counters === undefined) {
        counters = new Map();
        increments.set(dimension, counters);
      }
      counters.set(key, (counters.get(key) ?? 0) + 1);
    }
  }
}

/** Start of the UTC hour of an ISO time, as ISO (`2026-11-26T18:00:00.000Z`). */
export function resolveHour(time: string | Date): string {
  const ms = typeof time === 'string' ? Date.parse(time) : time.getTime();
  if (Number.isNaN(ms)) throw new PspAuditError(`finding time must be ISO 8601, got "${time}"`);
  return new Date(ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000)).toISOString();
}

export function emptyBucket(cluster: string, hour: string): HourBucket {
  return {
    cluster,
    hour,
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

/** What a dimension already holds: its distinct keys (or the ones asked about) and their bytes. */
export interface DimensionState {
  existing: ReadonlySet<string>;
  keyCount: number;
  keyBytes: number;
}

/**
 * Splits the increments of one dimension into counters of existing keys, new keys admitted under
 * the limits, and the rest folded into `(other)`. Keys are admitted in sorted order so the
 * outcome does not depend on arrival order within a batch.
 */
export function foldIncrements(
  counters: ReadonlyMap<string, number>,
  state: DimensionState,
  limits: BucketLimits,
): { counters: Map<string, number>; newKeys: string[]; newKeyBytes: number } {
  const result = new Map<string, number>();
  const newKeys: string[] = [];
  let keyCount = state.keyCount;
  let keyBytes = state.keyBytes;
  let other = 0;
  for (const key of [...counters.keys()].sort()) {
    const count = counters.get(key) ?? 0;
    if (key === OTHER_KEY || state.existing.has(key)) {
      result.set(key, (result.get(key) ?? 0) + count);
      continue;
    }
    const bytes = Buffer.byteLength(key, 'utf8');
    if (keyCount + 1 <= limits.maxKeys && keyBytes + bytes <= limits.maxKeyBytes) {
      keyCount += 1;
      keyBytes += bytes;
      newKeys.push(key);
      result.set(key, count);
    } else {
      other += count;
    }
  }
  if (other > 0) result.set(OTHER_KEY, (result.get(OTHER_KEY) ?? 0) + other);
  return { counters: result, newKeys, newKeyBytes: keyBytes - state.keyBytes };
}
