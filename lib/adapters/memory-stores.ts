/**
 * In-memory implementations of the ports, with the semantics of the DynamoDB adapters
 * (idempotent saves, hour buckets with the same caps, newest-first pages with a validated opaque
 * cursor, alert claims, versioned policy sets). For handler and domain tests, the CLI replay and
 * the local stack; the integration suite runs the same cases against them and DynamoDB.
 */
import type { Alert, Finding, HourBucket } from '../findings.ts';
import type { PolicySet } from '../policy-set.ts';
import {
  type Clock,
  type FindingPage,
  type FindingQuery,
  type FindingStore,
  type Notifier,
  type PolicyStore,
  type SaveResult,
  type StoredPolicySetSummary,
  systemClock,
} from '../ports.ts';
import {
  addFinding,
  type BucketLimits,
  DEFAULT_BUCKET_LIMITS,
  type Dimension,
  emptyBucket,
  foldIncrements,
  type Increments,
  OTHER_KEY,
  resolveHour,
} from './bucket-counts.ts';
import {
  decodeCursor,
  encodeCursor,
  invalidCursor,
  isInWindow,
  resolveQuery,
  resolveWindow,
  sortKeyOf,
} from './finding-query.ts';
import {
  formatVersion,
  mergeObjects,
  refsOf,
  removeObject,
  toPolicySet,
} from './policy-objects.ts';

export interface MemoryFindingStoreOptions {
  clock?: Clock;
  bucketLimits?: BucketLimits;
  /** As DynamoDbFindingStore's: an unconfirmed claim older than this may be taken over. */
  alertLeaseSeconds?: number;
}

interface MemoryBucket {
  cluster: string;
  hour: string;
  counters: Map<Dimension, Map<string, number>>;
}

export class MemoryFindingStore implements FindingStore {
  readonly #clock: Clock;
  readonly #limits: BucketLimits;
  readonly #findings = new Map<string, Finding>();
  readonly #buckets = new Map<string, MemoryBucket>();
  readonly #claims = new Map<string, { claimedAt: number; sent: boolean }>();
  readonly #alertLeaseMs: number;

  constructor(options: MemoryFindingStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#limits = options.bucketLimits ?? DEFAULT_BUCKET_LIMITS;
    this.#alertLeaseMs = (options.alertLeaseSeconds ?? 60) * 1000;
  }

  /** Every stored finding, in the order stored (copies). */
  all(): Finding[] {
    return [...this.#findings.values()].map((finding) => structuredClone(finding));
  }

  async save(findings: readonly Finding[]): Promise<SaveResult> {
    let stored = 0;
    for (const finding of findings) {
      if (this.#findings.has(finding.id)) continue;
      resolveHour(finding.time); // rejects a finding without a valid time, as DynamoDB does
      this.#findings.set(finding.id, structuredClone(finding));
      this.#count(finding);
      stored += 1;
    }
    return { stored, duplicates: findings.length - stored };
  }

  #count(finding: Finding): void {
    const hour = resolveHour(finding.time);
    const id = `${finding.cluster}\u0000${hour}`;
    let bucket = this.#buckets.get(id);
    if (bucket === undefined) {
      bucket = { cluster: finding.cluster, hour, counters: new Map() };
      this.#buckets.set(id, bucket);
    }
    const increments: Increments = new Map();
    addFinding(increments, finding);
    for (const [dimension, counters] of increments) {
      let target = bucket.counters.get(dimension);
      if (target === undefined) {
        target = new Map();
        bucket.counters.set(dimension, target);
      }
      const keys = [...target.keys()].filter((key) => key !== OTHER_KEY);
      const folded = foldIncrements(
        counters,
        {
          existing: new Set(target.keys()),
          keyCount: keys.length,
          keyBytes: keys.reduce((sum, key) => sum + Buffer.byteLength(key, 'utf8'), 0),
        },
        this.#limits,
      );
      for (const [key, count] of folded.counters) target.set(key, (target.get(key) ?? 0) + count);
    }
  }

  async get(id: string): Promise<Finding | null> {
    const finding = this.#findings.get(id);
    return finding === undefined ? null : structuredClone(finding);
  }

  async query(input: FindingQuery): Promise<FindingPage> {
    const query = resolveQuery(input);
    const walksDays =
      query.cluster === undefined && query.namespace === undefined && query.user === undefined;
    const { since, until } = walksDays
      ? resolveWindow(query, this.#clock.now())
      : { since: query.since, until: query.until };
    const fingerprint = JSON.stringify([
      query.cluster,
      query.namespace,
      query.user,
      query.type,
      since,
      until,
    ]);
    let after: string | undefined;
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      if (cursor.v !== 1 || cursor.q !== fingerprint || typeof cursor.after !== 'string') {
        throw invalidCursor();
      }
      after = cursor.after;
    }
    const matching = [...this.#findings.values()]
      .map((finding) => ({ finding, ts: sortKeyOf(finding.time, finding.id) }))
      .filter(
        ({ finding, ts }) =>
          isInWindow(ts, since, until) &&
          (after === undefined || ts < after) &&
          (['cluster', 'namespace', 'user', 'type'] as const).every(
            (key) => query[key] === undefined || finding[key] === query[key],
          ),
      )
      .sort((a, b) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : 0));
    const page = matching.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ finding }) => structuredClone(finding)),
      cursor:
        matching.length > query.limit && last !== undefined
          ? encodeCursor({ v: 1, q: fingerprint, after: last.ts })
          : null,
    };
  }

  async readBuckets(cluster: string | undefined, from: Date, to: Date): Promise<HourBucket[]> {
    if (to.getTime() <= from.getTime()) return [];
    const first = resolveHour(from);
    const last = resolveHour(new Date(to.getTime() - 1));
    return [...this.#buckets.values()]
      .filter(
        (bucket) =>
          (cluster === undefined || bucket.cluster === cluster) &&
          bucket.hour >= first &&
          bucket.hour <= last,
      )
      .sort((a, b) => a.hour.localeCompare(b.hour) || a.cluster.localeCompare(b.cluster))
      .map((bucket) => {
        const result = emptyBucket(bucket.cluster, bucket.hour);
        for (const [dimension, counters] of bucket.counters) {
          result[dimension] = Object.fromEntries(counters);
        }
        return result;
      });
  }

  async claimAlert(findingId: string): Promise<boolean> {
    const now = this.#clock.now().getTime();
    const claim = this.#claims.get(findingId);
    if (claim !== undefined && (claim.sent || claim.claimedAt >= now - this.#alertLeaseMs)) {
      return false;
    }
    this.#claims.set(findingId, { claimedAt: now, sent: false });
    return true;
  }

  async confirmAlert(findingId: string): Promise<void> {
    const claim = this.#claims.get(findingId);
    if (claim !== undefined) claim.sent = true;
  }

  async releaseAlert(findingId: string): Promise<void> {
    this.#claims.delete(findingId);
  }
}

interface MemoryVersion {
  version: string;
  importedAt: string;
  objects: unknown[];
}

export class MemoryPolicyStore implements PolicyStore {
  readonly #clock: Clock;
  readonly #versions: MemoryVersion[] = [];

  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async current(): Promise<PolicySet> {
    const latest = this.#versions.at(-1);
    return toPolicySet(structuredClone(latest?.objects ?? []), latest?.version ?? null);
  }

  async currentVersion(): Promise<string | null> {
    return this.#versions.at(-1)?.version ?? null;
  }

  async importObjects(objects: readonly unknown[]): Promise<StoredPolicySetSummary> {
    return this.#commit(mergeObjects(this.#latestObjects(), structuredClone(objects)));
  }

  async list(): Promise<StoredPolicySetSummary | null> {
    const latest = this.#versions.at(-1);
    return latest === undefined ? null : summaryOf(latest);
  }

  async remove(kind: string, name: string, namespace?: string): Promise<StoredPolicySetSummary> {
    return this.#commit(removeObject(this.#latestObjects(), kind, name, namespace));
  }

  /** An old version's objects, as findings evaluated with it saw them (tests, audits). */
  versionObjects(version: string): unknown[] | null {
    const found = this.#versions.find((v) => v.version === version);
    return found === undefined ? null : structuredClone(found.objects);
  }

  #latestObjects(): unknown[] {
    return this.#versions.at(-1)?.objects ?? [];
  }

  #commit(objects: unknown[]): StoredPolicySetSummary {
    const entry = {
      version: formatVersion(this.#versions.length + 1),
      importedAt: this.#clock.now().toISOString(),
      objects,
    };
    this.#versions.push(entry);
    return summaryOf(entry);
  }
}

function summaryOf(entry: MemoryVersion): StoredPolicySetSummary {
  return { version: entry.version, importedAt: entry.importedAt, objects: refsOf(entry.objects) };
}

export interface DigestMessage {
  subject: string;
  text: string;
  json: unknown;
}

/** Records what was published; set `failure` to make the next publishes throw it. */
export class MemoryNotifier implements Notifier {
  readonly alerts: Alert[] = [];
  readonly digests: DigestMessage[] = [];
  failure: Error | null = null;

  async publishAlerts(alerts: readonly Alert[]): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.alerts.push(...structuredClone(alerts));
  }

  async publishDigest(digest: DigestMessage): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.digests.push(structuredClone(digest));
  }
}
