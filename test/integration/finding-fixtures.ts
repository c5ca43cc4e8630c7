/** Findings and query cases shared by the finding store suites (DynamoDB and in-memory). */
import type { Finding, FindingType } from '../../lib/findings.ts';
import type { Clock, FindingQuery, FindingStore } from '../../lib/ports.ts';

export function mutableClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (iso: string) => {
      now = new Date(iso);
    },
  };
}

/** A PSP violation in prod/default at 10:00 on 2026-11-26; override what a test is about. */
export function findingFixture(overrides: Partial<Finding> & { id: string }): Finding {
  const type: FindingType = overrides.type ?? 'psp-violation';
  return {
    type,
    severity: 'high',
    cluster: 'prod',
    namespace: 'default',
    pod: 'web-5d9f-abcde',
    workload: 'ReplicaSet/web-5d9f',
    user: 'system:serviceaccount:kube-system:replicaset-controller',
    serviceAccount: 'default',
    admittedBy: null,
    action: 'create',
    time: '2026-11-26T10:00:00.000Z',
    auditID: overrides.id.split(':')[0] ?? overrides.id,
    policySetVersion: 'v000001',
    summary: 'pod web-5d9f-abcde is privileged',
    reasons: [
      {
        policy: 'restricted',
        field: 'spec.containers[0].securityContext.privileged',
        message: 'privileged containers are not allowed',
      },
    ],
    details: { containers: ['app'], nested: { depth: 1, ok: true } },
    ...overrides,
  };
}

const sample = (
  id: string,
  time: string,
  cluster: string,
  namespace: string,
  user: string,
  type: FindingType,
): Finding => findingFixture({ id: `${id}:${type}`, time, cluster, namespace, user, type });

export const sampleFindings: Finding[] = [
  sample('s1', '2026-11-26T10:00:00Z', 'prod', 'default', 'alice', 'psp-violation'),
  sample(
    's2',
    '2026-11-26T09:00:00Z',
    'prod',
    'kube-system',
    'system:node:ip-10-0-0-1',
    'pss-violation',
  ),
  sample('s3', '2026-11-26T09:00:00Z', 'staging', 'default', 'alice', 'psp-violation'),
  sample('s4', '2026-11-25T22:00:00Z', 'prod', 'default', 'bob', 'sensitive-file'),
  sample('s5', '2026-11-25T08:00:00Z', 'prod', 'team-a', 'bob', 'psp-violation'),
  sample('s6', '2026-11-24T12:00:00Z', 'staging', 'team-a', 'alice', 'unevaluated'),
  sample('s7', '2026-11-23T12:00:00Z', 'prod', 'default', 'alice', 'psp-violation'),
  sample('s8', '2026-11-10T12:00:00Z', 'prod', 'default', 'alice', 'psp-violation'),
  sample('s9', '2026-11-26T22:59:59.999Z', 'prod', 'default', 'alice', 'psp-violation'),
];

const ids = (...names: string[]) =>
  names.map((name) => {
    const finding = sampleFindings.find((f) => f.id.startsWith(`${name}:`));
    if (finding === undefined) throw new Error(`no sample ${name}`);
    return finding.id;
  });

/** Queries against `sampleFindings` with the clock at 2026-11-26T23:00Z, newest first. */
export const queryCases: { name: string; query: FindingQuery; ids: string[] }[] = [
  {
    name: 'cluster prod',
    query: { cluster: 'prod' },
    ids: ids('s9', 's1', 's2', 's4', 's5', 's7', 's8'),
  },
  { name: 'cluster staging', query: { cluster: 'staging' }, ids: ids('s3', 's6') },
  {
    name: 'namespace default',
    query: { namespace: 'default' },
    ids: ids('s9', 's1', 's3', 's4', 's7', 's8'),
  },
  { name: 'user alice', query: { user: 'alice' }, ids: ids('s9', 's1', 's3', 's6', 's7', 's8') },
  {
    name: 'user with colons',
    query: { user: 'system:node:ip-10-0-0-1' },
    ids: ids('s2'),
  },
  {
    name: 'type psp-violation, last 7 days',
    query: { type: 'psp-violation' },
    ids: ids('s9', 's1', 's3', 's5', 's7'),
  },
  { name: 'type sensitive-file', query: { type: 'sensitive-file' }, ids: ids('s4') },
  {
    name: 'no filter, last 7 days',
    query: {},
    ids: ids('s9', 's1', 's3', 's2', 's4', 's5', 's6', 's7'),
  },
  {
    name: 'no filter since 2026-11-01',
    query: { since: '2026-11-01T00:00:00Z' },
    ids: ids('s9', 's1', 's3', 's2', 's4', 's5', 's6', 's7', 's8'),
  },
  {
    name: 'type psp-violation from 2026-11-23 to 2026-11-26',
    query: { type: 'psp-violation', since: '2026-11-23T00:00:00Z', until: '2026-11-26T00:00:00Z' },
    ids: ids('s5', 's7'),
  },
  {
    name: 'cluster prod and type psp-violation',
    query: { cluster: 'prod', type: 'psp-violation' },
    ids: ids('s9', 's1', 's5', 's7', 's8'),
  },
  {
    name: 'cluster, namespace and user',
    query: { cluster: 'prod', namespace: 'default', user: 'alice' },
    ids: ids('s9', 's1', 's7', 's8'),
  },
  {
    name: 'cluster prod since (inclusive) until (exclusive)',
    query: { cluster: 'prod', since: '2026-11-25T08:00:00Z', until: '2026-11-26T10:00:00Z' },
    ids: ids('s2', 's4', 's5'),
  },
  {
    name: 'namespace team-a and type unevaluated',
    query: { namespace: 'team-a', type: 'unevaluated' },
    ids: ids('s6'),
  },
  { name: 'an unknown user', query: { user: 'nobody' }, ids: [] },
  {
    name: 'type psp-violation since a time after now',
    query: { type: 'psp-violation', since: '2026-12-01T00:00:00Z' },
    ids: [],
  },
];

/** Every page of a query, following cursors (at most 50 pages). */
export async function collectPages(store: FindingStore, query: FindingQuery): Promise<Finding[][]> {
  const pages: Finding[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await store.query(cursor === undefined ? query : { ...query, cursor });
    pages.push(page.items);
    if (page.cursor === null) return pages;
    cursor = page.cursor;
  }
  throw new Error('more than 50 pages');
}
