/**
 * The weekly digest's time with 10k and with 100k findings in the week: it reads hour buckets
 * and the sensitive-file findings only, so it should not grow with the number of findings.
 * Both stores hold the same 25 sensitive-file findings.
 *
 * MemoryFindingStore.query scans every finding (it is a test double); the DynamoDB store serves
 * `type=sensitive-file` from its type index. "indexed" serves that query from a store holding
 * only the sensitive-file findings, as the index does; "memory store as is" shows the scan.
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

function fill(count: number) {
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
      cluster: `cluster-${index % 3}`,
      namespace: `team-${index % 40}`,
      pod: `pod-${index}`,
      workload: `Deployment/app-${index % 300}`,
      user: `user-${index % 50}`,
      serviceAccount: 'default',
      admittedBy: null,
      action: 'create',
      // spread evenly over the week, every hour of every cluster holding findings
      time: new Date(until.getTime() - 1 - Math.floor((index * WEEK_MS) / count)).toISOString(),
      auditID: `bench-${index}`,
      policySetVersion: 'v000001',
      summary: `pod team-${index % 40}/pod-${index}`,
      reasons: [
        type === 'pss-violation'
          ? { check: `check-${index % 12}`, field: `spec.field${index % 20}`, message: 'denied' }
          : { policy: `policy-${index % 8}`, field: `spec.field${index % 20}`, message: 'denied' },
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

const stores = { '10k': fill(10_000), '100k': fill(100_000) };

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
        for (const bucket of read) keys += Object.keys(bucket.byWorkload).length;
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
  console.log(`${size}: reads ${buckets} buckets (${keys} workload keys) and ${findings} findings`);
}

async function runDigest(store: Pick<FindingStore, 'readBuckets' | 'query'>) {
  const digest = await buildDigest(store, { window: '7d', until, pss: 'restricted@latest' });
  if (digest.sensitiveFileCount !== SENSITIVE) throw new Error('unexpected sensitive-file count');
  renderDigest(digest);
}

describe('weekly digest, sensitive-file query served by an index', () => {
  for (const [size, { indexed }] of Object.entries(stores)) {
    bench(`${size} findings in the week (indexed)`, () => runDigest(indexed));
  }
});

describe('weekly digest, memory store as is (its query scans every finding)', () => {
  for (const [size, { store }] of Object.entries(stores)) {
    bench(`${size} findings in the week (scan)`, () => runDigest(store));
  }
});
