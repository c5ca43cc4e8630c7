/**
 * Minimal in-memory fakes of the ports for API and digest tests, recording the calls made to them.
 */
import { BadRequestError, NotFoundError } from '../../lib/errors.ts';
import type { Finding, HourBucket } from '../../lib/findings.ts';
import type { PolicySet } from '../../lib/policy-set.ts';
import type {
  Clock,
  FindingPage,
  FindingQuery,
  FindingStore,
  Notifier,
  PolicyStore,
  StoredPolicySetSummary,
} from '../../lib/ports.ts';

export class FakeFindingStore implements FindingStore {
  readonly queries: FindingQuery[] = [];
  readonly bucketReads: { cluster: string | undefined; from: string; to: string }[] = [];

  constructor(
    public findings: Finding[] = [],
    public buckets: HourBucket[] = [],
  ) {}

  async save(batch: readonly Finding[]) {
    this.findings.push(...batch);
    return { stored: batch.length, duplicates: 0 };
  }

  async get(id: string) {
    return this.findings.find((finding) => finding.id === id) ?? null;
  }

  async query(query: FindingQuery): Promise<FindingPage> {
    this.queries.push(query);
    const offset = query.cursor === undefined ? 0 : decodeCursor(query.cursor);
    const limit = query.limit ?? 50;
    const matching = this.findings
      .filter(
        (finding) =>
          (query.cluster === undefined || finding.cluster === query.cluster) &&
          (query.namespace === undefined || finding.namespace === query.namespace) &&
          (query.type === undefined || finding.type === query.type) &&
          (query.user === undefined || finding.user === query.user) &&
          (query.since === undefined || finding.time >= query.since) &&
          (query.until === undefined || finding.time < query.until),
      )
      .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
    const items = matching.slice(offset, offset + limit);
    const next = offset + limit;
    return {
      items,
      cursor: next < matching.length ? Buffer.from(String(next)).toString('base64url') : null,
    };
  }

  async readBuckets(cluster: string | undefined, from: Date, to: Date) {
    this.bucketReads.push({ cluster, from: from.toISOString(), to: to.toISOString() });
    return this.buckets.filter(
      (bucket) =>
        (cluster === undefined || bucket.cluster === cluster) &&
        bucket.hour >= from.toISOString() &&
        bucket.hour <= to.toISOString(),
    );
  }

  async claimAlert() {
    return true;
  }

  async confirmAlert() {}

  async releaseAlert() {}
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = Number(text);
  if (!/^\d+$/.test(text) || offset < 0) {
    throw new BadRequestError('cursor is not a cursor returned by this API');
  }
  return offset;
}

export class FakeNotifier implements Notifier {
  readonly digests: { subject: string; text: string; json: unknown }[] = [];
  async publishAlerts() {}
  async publishDigest(digest: { subject: string; text: string; json: unknown }) {
    this.digests.push(digest);
  }
}

export class FakePolicyStore implements PolicyStore {
  objects: unknown[] = [];
  version: string | null = null;
  private counter = 0;

  /** What current() answers: the stored objects are not compiled by this fake. */
  policySet: PolicySet = { policies: [], rbac: null, version: null };

  async current(): Promise<PolicySet> {
    return this.policySet;
  }
  async currentVersion() {
    return this.version;
  }
  async importObjects(objects: readonly unknown[]): Promise<StoredPolicySetSummary> {
    const byKey = new Map(this.objects.map((object) => [objectKey(object), object]));
    for (const object of objects) byKey.set(objectKey(object), object);
    this.objects = [...byKey.values()];
    return this.bump();
  }
  async list() {
    return this.version === null ? null : this.summary();
  }
  async remove(kind: string, name: string, namespace?: string) {
    const key = objectKey({ kind, metadata: { name, namespace } });
    const before = this.objects.length;
    this.objects = this.objects.filter((object) => objectKey(object) !== key);
    if (this.objects.length === before) throw new NotFoundError(`no ${key} in the policy set`);
    return this.bump();
  }
  private bump() {
    this.counter += 1;
    this.version = `v${this.counter}`;
    return this.summary();
  }
  private summary(): StoredPolicySetSummary {
    return {
      version: this.version ?? '',
      importedAt: '2026-11-26T18:30:00.000Z',
      objects: this.objects.map(objectKey),
    };
  }
}

function objectKey(object: unknown): string {
  const { kind, metadata } = object as {
    kind: string;
    metadata: { name: string; namespace?: string };
  };
  return metadata.namespace === undefined
    ? `${kind}/${metadata.name}`
    : `${kind}/${metadata.namespace}/${metadata.name}`;
}

export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}

export function finding(overrides: Partial<Finding> & Pick<Finding, 'id' | 'time'>): Finding {
  return {
    type: 'psp-violation',
    severity: 'high',
    cluster: 'prod',
    namespace: 'default',
    pod: 'web-1',
    workload: 'Deployment/web',
    user: 'alice',
    serviceAccount: 'default',
    admittedBy: null,
    action: 'create',
    auditID: overrides.id.split(':')[0] ?? overrides.id,
    policySetVersion: 'v1',
    summary: 'pod default/web-1 denied by every policy',
    reasons: [],
    ...overrides,
  };
}

export function bucket(
  hour: string,
  counts: Partial<Omit<HourBucket, 'hour' | 'cluster'>> & { cluster?: string },
): HourBucket {
  return {
    cluster: 'prod',
    hour,
    byType: {},
    byNamespace: {},
    byPolicy: {},
    byCheck: {},
    byField: {},
    byUser: {},
    byWorkload: {},
    pssFailuresByNamespace: {},
    ...counts,
  };
}
