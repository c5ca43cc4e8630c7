/**
 * Gathers what a digest says about one window: bucket counts of the window and of the one before
 * it, and the sensitive-file findings of the window. Reads buckets plus one query type, so its
 * cost does not grow with the number of findings.
 */
import { FINDING_TYPES, type Finding } from '../findings.ts';
import type { FindingStore } from '../ports.ts';
import { readWindowComparison } from './aggregate-buckets.ts';
import type { WindowName } from './windows.ts';

export interface DigestEntry {
  name: string;
  count: number;
}

export interface DigestTypeTotal {
  type: string;
  count: number;
  previous: number;
  /** count - previous */
  change: number;
}

export interface DigestSensitiveFile {
  id: string;
  time: string;
  cluster: string;
  namespace: string;
  pod: string;
  user: string;
  summary: string;
}

export interface Digest {
  window: WindowName;
  /** null: every cluster. */
  cluster: string | null;
  /** Inclusive, ISO 8601. */
  from: string;
  /** Exclusive, ISO 8601. */
  until: string;
  previousFrom: string;
  /** The configured PSS level the per-namespace failures refer to, e.g. `restricted@latest`. */
  pss: string | null;
  /** One row per finding type (every known type, then any other type seen), in that order. */
  totals: DigestTypeTotal[];
  total: DigestTypeTotal;
  workloads: { new: DigestEntry[]; recurring: DigestEntry[] };
  top: {
    namespaces: DigestEntry[];
    policies: DigestEntry[];
    checks: DigestEntry[];
    fields: DigestEntry[];
    users: DigestEntry[];
    workloads: DigestEntry[];
  };
  /** Oldest first; at most `maxSensitiveFiles` of them. */
  sensitiveFiles: DigestSensitiveFile[];
  /** Every sensitive-file finding of the window, listed or not. */
  sensitiveFileCount: number;
  /** Pod events that could not be evaluated (findings of type `unevaluated`). */
  unevaluated: number;
  pssFailuresByNamespace: DigestEntry[];
}

export interface BuildDigestOptions {
  window: WindowName;
  /** End of the window, an hour boundary. */
  until: Date;
  cluster?: string;
  pss?: string | null;
  /** Sensitive-file findings kept in memory; the rest are only counted. Default 1000. */
  maxSensitiveFiles?: number;
}

const PAGE_SIZE = 500;

export async function buildDigest(
  findings: Pick<FindingStore, 'readBuckets' | 'query'>,
  options: BuildDigestOptions,
): Promise<Digest> {
  const comparison = await readWindowComparison(findings, options);
  const { current, previous } = comparison;
  const now = current.counts;
  const before = previous.counts;

  const types = [
    ...FINDING_TYPES,
    ...Object.keys(now.byType).filter(
      (type) => !(FINDING_TYPES as readonly string[]).includes(type),
    ),
  ];
  const totals = types.map((type) =>
    typeTotal(type, now.byType[type] ?? 0, before.byType[type] ?? 0),
  );

  const workloads = selectEntries(now.byWorkload);
  const sensitive = await readSensitiveFiles(findings, {
    cluster: options.cluster,
    since: current.from.toISOString(),
    until: current.until.toISOString(),
    keep: options.maxSensitiveFiles ?? 1000,
  });

  return {
    window: options.window,
    cluster: comparison.cluster,
    from: current.from.toISOString(),
    until: current.until.toISOString(),
    previousFrom: previous.from.toISOString(),
    pss: options.pss ?? null,
    totals,
    total: typeTotal('total', now.total, before.total),
    workloads: {
      new: workloads.filter((entry) => before.byWorkload[entry.name] === undefined),
      recurring: workloads.filter((entry) => before.byWorkload[entry.name] !== undefined),
    },
    top: {
      namespaces: selectEntries(now.byNamespace),
      policies: selectEntries(now.byPolicy),
      checks: selectEntries(now.byCheck),
      fields: selectEntries(now.byField),
      users: selectEntries(now.byUser),
      workloads,
    },
    sensitiveFiles: sensitive.items,
    sensitiveFileCount: sensitive.count,
    unevaluated: now.byType.unevaluated ?? 0,
    pssFailuresByNamespace: selectEntries(now.pssFailuresByNamespace),
  };
}

function typeTotal(type: string, count: number, previous: number): DigestTypeTotal {
  return { type, count, previous, change: count - previous };
}

/** Non-zero entries, the largest count first, ties by name. */
export function selectEntries(record: Record<string, number>): DigestEntry[] {
  return Object.entries(record)
    .filter(([, count]) => count !== 0)
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function readSensitiveFiles(
  findings: Pick<FindingStore, 'query'>,
  options: { cluster?: string; since: string; until: string; keep: number },
): Promise<{ items: DigestSensitiveFile[]; count: number }> {
  const items: DigestSensitiveFile[] = [];
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await findings.query({
      ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
      type: 'sensitive-file',
      since: options.since,
      until: options.until,
      limit: PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const finding of page.items) {
      count += 1;
      if (items.length < options.keep) items.push(toSensitiveFile(finding));
    }
    cursor = page.cursor ?? undefined;
  } while (cursor !== undefined);
  // Pages come newest first; a digest reads in time order.
  items.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return { items, count };
}

function toSensitiveFile(finding: Finding): DigestSensitiveFile {
  const { id, time, cluster, namespace, pod, user, summary } = finding;
  return { id, time, cluster, namespace, pod, user, summary };
}
