/**
 * The weekly digest's time with 10k and with 100k findings in the week. It reads hour buckets
 * and the sensitive-file findings only (every store holds the same 25), so its cost is hours x
 * distinct keys per hour bucket (capped by the store), not the number of findings:
 * - few keys (one cluster, 15 workloads, 10 users …): every hour already holds every key at 10k,
 *   and 100k findings cost the same;
 * - many keys (3 clusters, 300 workloads, 50 users …): the keys per hour still grow from 10k to
 *   100k (about 20 to 200 findings per cluster-hour), and the time with them, up to the cap.
 *
 * MemoryFindingStore.query scans every finding (it is a test double); the DynamoDB store serves
 * `type=sensitive-file` from its type index. The bench serves that query from a store holding
 * only the sensitive-file findings, as the index does.
 */
import { bench, describe } from 'vitest';
import { MemoryFindingStore } from '../../lib/adapters/memory-stores.ts';
import { buildDigest } from '../../lib/digest/build-digest.ts';
import { renderDigest } from '../../lib/digest/render-digest.ts';
import type { Finding, FindingType } from '../../lib/findings.ts';
import type { FindingStore } from '../../lib/ports.ts';

const until = new Date('2026-11-26T19:00:00.000Z');
const WEEK_MS = 7 * 24 * 3_600_000;
const SENSITIVE = 25;

const CARDINALITY = {
  few: { clusters: 1, namespaces: 12, workloads: 15, users: 10, policies: 4, checks: 6, fields: 8 },
  many: {
    clusters: 3,
    namespaces: 40,
    workloads: 300,
    users: 50,
    policies: 8,
    checks: 12,
    fields: 20,
  },
};

function fill(count: number, keys: (typeof CARDINALITY)['few']) {
  const clock = { now: () => until };
  const store = new MemoryFindingStore({ clock });
  const sensitiveIndex = new MemoryFindingStore({ clock });
  const findings: Finding[] = [];
  for (let index = 0; index < count; index += 1) {
    const type: FindingType =
      index < SENSITIVE ? 'sensitive-file' : index % 3 === 0 ? 'pss-violation' : 'psp-violation';
    findings.push({
      id: `bench-${index}:${type}`,
      type,
      severity: 'high',
      cluster: `cluster-${index % keys.clusters}`,
      namespace: `team-${index % keys.namespaces}`,
      pod: `pod-${index}`,
      workload: `Deployment/app-${index % keys.workloads}`,
      user: `user-${index % keys.users}`,
      serviceAccount: 'default',
      admittedBy: null,
      action: 'create',
      // spread evenly over the week, every hour of every cluster holding findings
      time: new Date(until.getTime() - 1 - Math.floor((index * WEEK_MS) / count)).toISOString(),
      auditID: `bench-${index}`,
      policySetVersion: 'v000001',
      summary: `pod team-${index % keys.namespaces}/pod-${index}`,
      reasons: [
        type === 'pss-violation'
          ? {
              check: `check-${index % keys.checks}`,
              field: `spec.field${index % keys.fields}`,
              message: 'denied',
            }
          : {
              policy: `policy-${index % keys.policies}`,
              field: `spec.field${index % keys.fields}`,
              message: 'denied',
            },
      ],
    });
  }
  void store.save(findings);
  void sensitiveIndex.save(findings.filter((finding) => finding.type === 'sensitive-file'));
  const indexed: Pick<FindingStore, 'readBuckets' | 'query'> = {
    readBuckets: (cluster, from, to) => store.readBuckets(cluster, from, to),
    query: (query) => (query.type === 'sensitive-file' ? sensitiveIndex : store).query(query),
  };
  return { store, indexed };
}

const stores = {
  '10k, few keys': fill(10_000, CARDINALITY.few),
  '100k, few keys': fill(100_000, CARDINALITY.few),
  '10k, many keys': fill(10_000, CARDINALITY.many),
  '100k, many keys': fill(100_000, CARDINALITY.many),
};

/** What one digest reads: buckets, their counter keys, and findings (one line per size). */
for (const [size, { indexed }] of Object.entries(stores)) {
  let buckets = 0;
  let keys = 0;
  let findings = 0;
  await buildDigest(
    {
      readBuckets: async (cluster, from, to) => {
        const read = await indexed.readBuckets(cluster, from, to);
        buckets += read.length;
        for (const bucket of read) {
          for (const counters of Object.values(bucket)) {
            if (typeof counters === 'object') keys += Object.keys(counters).length;
          }
        }
        return read;
      },
      query: async (query) => {
        const page = await indexed.query(query);
        findings += page.items.length;
        return page;
      },
    },
    { window: '7d', until },
  );
  console.log(`${size}: reads ${buckets} buckets (${keys} counter keys) and ${findings} findings`);
}

async function runDigest(store: Pick<FindingStore, 'readBuckets' | 'query'>) {
  const digest = await buildDigest(store, { window: '7d', until, pss: 'restricted@latest' });
  if (digest.sensitiveFileCount !== SENSITIVE) throw new Error('unexpected sensitive-file count');
  renderDigest(digest);
}

describe('weekly digest', () => {
  for (const [size, { indexed }] of Object.entries(stores)) {
    bench(`${size}`, () => runDigest(indexed));
  }
});
