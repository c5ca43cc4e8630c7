/**
 * The digest over the DynamoDB finding store (dynalite on 127.0.0.1) is the digest over the
 * in-memory store: same buckets, same window bounds, same sensitive-file pages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryFindingStore } from '../../lib/adapters/memory-stores.ts';
import { buildDigest } from '../../lib/digest/build-digest.ts';
import { renderDigest } from '../../lib/digest/render-digest.ts';
import type { WindowName } from '../../lib/digest/windows.ts';
import type { Finding } from '../../lib/findings.ts';
import { ensureLocalTables, startLocalDynamoDb } from '../../lib/local/local-dynamodb.ts';
import { createLocalStores } from '../../lib/local/stores.ts';
import type { FindingStore } from '../../lib/ports.ts';
import { finding, fixedClock } from './fakes.ts';

const clock = fixedClock('2026-11-26T19:00:30.000Z');
const until = new Date('2026-11-26T19:00:00.000Z');

const findings: Finding[] = [
  finding({ id: 'w1:psp-violation', time: '2026-11-19T19:00:00.000Z' }),
  finding({ id: 'p1:psp-violation', time: '2026-11-26T17:10:00.000Z', user: 'carol' }),
  finding({
    id: 'c1:pss-violation',
    type: 'pss-violation',
    time: '2026-11-26T18:00:00.000Z',
    workload: 'Job/backup',
    reasons: [{ check: 'hostPathVolumes', field: 'spec.volumes[0].hostPath', message: 'hostPath' }],
  }),
  finding({
    id: 'c2:psp-violation',
    time: '2026-11-26T18:30:00.000Z',
    cluster: 'staging',
    reasons: [{ policy: 'eks.restricted', field: 'spec.hostNetwork', message: 'host network' }],
  }),
  ...Array.from({ length: 7 }, (_, index) =>
    finding({
      id: `s${index}:sensitive-file`,
      type: 'sensitive-file',
      time: `2026-11-26T18:5${index}:00.000Z`,
      summary: `read /etc/shadow (${index})`,
    }),
  ),
  finding({ id: 'c9:unevaluated', type: 'unevaluated', time: '2026-11-26T18:59:59.999Z' }),
  finding({ id: 'n1:sensitive-file', type: 'sensitive-file', time: '2026-11-26T19:00:00.000Z' }),
];

let dir: string;
let close: () => Promise<void>;
let dynamo: FindingStore;
const memory = new MemoryFindingStore({ clock });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'psp-audit-digest-'));
  const server = await startLocalDynamoDb({ path: dir });
  const stores = createLocalStores(server.endpoint, clock);
  await ensureLocalTables(stores.client);
  dynamo = stores.findings;
  await dynamo.save(findings);
  await memory.save(findings);
  close = async () => {
    stores.client.destroy();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
});

afterAll(async () => {
  await close();
});

describe('digest over the DynamoDB store', () => {
  it.each<{ window: WindowName; cluster?: string }>([
    { window: '1h' },
    { window: '1h', cluster: 'prod' },
    { window: '24h' },
    { window: '7d', cluster: 'staging' },
  ])(
    'renders the same $window digest (cluster $cluster) as over the memory store',
    async (options) => {
      const fromDynamo = await buildDigest(dynamo, { ...options, until, maxSensitiveFiles: 5 });
      const fromMemory = await buildDigest(memory, { ...options, until, maxSensitiveFiles: 5 });

      expect(renderDigest(fromDynamo)).toEqual(renderDigest(fromMemory));
    },
  );

  it('counts the hour of the window and pages through every sensitive-file finding', async () => {
    const digest = await buildDigest(dynamo, { window: '1h', until, maxSensitiveFiles: 5 });

    expect(digest.total).toEqual({ type: 'total', count: 10, previous: 1, change: 9 });
    expect(digest.sensitiveFileCount).toBe(7);
    expect(digest.sensitiveFiles.map((alert) => alert.id)).toEqual([
      's2:sensitive-file',
      's3:sensitive-file',
      's4:sensitive-file',
      's5:sensitive-file',
      's6:sensitive-file',
    ]);
    expect(digest.workloads).toEqual({
      new: [{ name: 'default/Job/backup', count: 1 }],
      recurring: [{ name: 'default/Deployment/web', count: 9 }],
    });
  });
});
