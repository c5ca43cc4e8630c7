/**
 * The finding stores against the same cases: DynamoDbFindingStore on real DynamoDB-compatible
 * servers (dynalite always, moto_server when this machine has it; each test gets its own table)
 * and MemoryFindingStore, whose semantics must match.
 */
import {
  CreateTableCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BucketLimits } from '../../lib/adapters/bucket-counts.ts';
import { DynamoDbFindingStore } from '../../lib/adapters/dynamodb-finding-store.ts';
import { MemoryFindingStore } from '../../lib/adapters/memory-stores.ts';
import { findingsTableDefinition } from '../../lib/adapters/table-definitions.ts';
import { BadRequestError } from '../../lib/errors.ts';
import type { Clock, FindingQuery, FindingStore } from '../../lib/ports.ts';
import {
  createDynamoDbClient,
  dynamoDbServers,
  type EmulatorServer,
} from '../helpers/dynamodb-server.ts';
import {
  collectPages,
  findingFixture,
  mutableClock,
  queryCases,
  sampleFindings,
} from './finding-fixtures.ts';

/** Opens a backend; `create` makes an empty store on it. */
interface Backend {
  name: string;
  /**
   * Whether concurrent updates of one item are applied atomically. moto_server's are not (20
   * concurrent ADDs on a new item left 16), so it cannot check the concurrency case.
   */
  atomic: boolean;
  open(): Promise<{
    create(clock: Clock, limits?: BucketLimits): Promise<FindingStore>;
    close(): Promise<void>;
  }>;
}

function dynamoDbBackend(server: { name: string; start: () => Promise<EmulatorServer> }): Backend {
  return {
    name: `DynamoDbFindingStore on ${server.name}`,
    atomic: server.name !== 'moto',
    async open() {
      const running = await server.start();
      const client = createDynamoDbClient(running.endpoint);
      let tables = 0;
      return {
        async create(clock, limits) {
          tables += 1;
          const tableName = `findings-${tables}`;
          await client.send(new CreateTableCommand(findingsTableDefinition(tableName)));
          return new DynamoDbFindingStore({
            client,
            tableName,
            retentionDays: 30,
            clock,
            ...(limits ? { bucketLimits: limits } : {}),
          });
        },
        async close() {
          client.destroy();
          await running.stop();
        },
      };
    },
  };
}

const memoryBackend: Backend = {
  name: 'MemoryFindingStore',
  atomic: true,
  async open() {
    return {
      create: async (clock, limits) =>
        new MemoryFindingStore({ clock, ...(limits ? { bucketLimits: limits } : {}) }),
      close: async () => {},
    };
  },
};

const backends: Backend[] = [...dynamoDbServers().map(dynamoDbBackend), memoryBackend];

describe.each(backends)('$name', (backend) => {
  let opened: Awaited<ReturnType<Backend['open']>>;

  beforeAll(async () => {
    opened = await backend.open();
  });

  afterAll(async () => {
    await opened?.close();
  });

  async function freshStore(options: { limits?: BucketLimits } = {}) {
    const clock = mutableClock('2026-11-26T12:00:00.000Z');
    const store = await opened.create(clock, options.limits);
    return { store, clock };
  }

  describe('Method: save', () => {
    it('stores a finding saved three times once and counts it once', async () => {
      // Prepare
      const { store } = await freshStore();
      const finding = findingFixture({ id: 'audit-1:psp-violation' });

      // Act
      const first = await store.save([finding, finding]);
      const again = await store.save([finding]);

      // Assess
      expect(first).toEqual({ stored: 1, duplicates: 1 });
      expect(again).toEqual({ stored: 0, duplicates: 1 });
      expect(await store.get(finding.id)).toEqual(finding);
      const buckets = await store.readBuckets(
        'prod',
        new Date('2026-11-26T00:00:00Z'),
        new Date('2026-11-27T00:00:00Z'),
      );
      expect(buckets.map((b) => b.byType)).toEqual([{ 'psp-violation': 1 }]);
    });
  });

  describe('Method: get', () => {
    it('returns null for an id that was never stored', async () => {
      const { store } = await freshStore();

      expect(await store.get('nope:psp-violation')).toBeNull();
    });
  });

  describe('Method: query', () => {
    let store: FindingStore;
    beforeAll(async () => {
      const fresh = await freshStore();
      store = fresh.store;
      fresh.clock.set('2026-11-26T23:00:00.000Z');
      await store.save(sampleFindings);
    });

    it.each(queryCases)('$name', async ({ query, ids }) => {
      const page = await store.query({ ...query, limit: 500 });

      expect(page.items.map((f) => f.id)).toEqual(ids);
      expect(page.cursor).toBeNull();
    });

    it.each(queryCases.filter((c) => c.ids.length > 2))(
      'pages through $name two at a time with the cursor',
      async ({ query, ids }) => {
        const pages = await collectPages(store, { ...query, limit: 2 });

        expect(pages.flatMap((p) => p.map((f) => f.id))).toEqual(ids);
        expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
      },
    );

    it.each([
      { name: 'not base64url', cursor: '%%%' },
      { name: 'base64url of text', cursor: Buffer.from('hello').toString('base64url') },
      { name: 'an array', cursor: Buffer.from('[1]').toString('base64url') },
      {
        name: 'another partition',
        cursor: Buffer.from(
          JSON.stringify({ v: 1, i: 'byCluster', p: 'C#other', k: null }),
        ).toString('base64url'),
      },
      {
        name: 'a key of another partition',
        cursor: Buffer.from(
          JSON.stringify({
            v: 1,
            i: 'byCluster',
            p: 'C#prod',
            k: { pk: 'F#x', sk: 'F', ts: '2026-11-26T10:00:00.000Z#x', cpk: 'C#staging' },
          }),
        ).toString('base64url'),
      },
      {
        name: 'a key with an extra attribute',
        cursor: Buffer.from(
          JSON.stringify({
            v: 1,
            i: 'byCluster',
            p: 'C#prod',
            k: { pk: 'F#x', sk: 'F', ts: '2026-11-26T10:00:00.000Z#x', cpk: 'C#prod', f: 'x' },
          }),
        ).toString('base64url'),
      },
    ])('rejects a cursor that is $name with a BadRequestError', async ({ cursor }) => {
      await expect(store.query({ cluster: 'prod', cursor })).rejects.toBeInstanceOf(
        BadRequestError,
      );
    });

    it.each<{ name: string; query: FindingQuery }>([
      { name: 'another cluster', query: { cluster: 'staging' } },
      {
        name: 'a window the position lies outside of',
        query: { cluster: 'prod', until: '2026-11-20T00:00:00Z' },
      },
      { name: 'a day walk', query: { type: 'psp-violation' } },
    ])('rejects the cursor of another query ($name) with a BadRequestError', async ({ query }) => {
      const first = await store.query({ cluster: 'prod', limit: 1 });

      expect(first.cursor).not.toBeNull();
      await expect(store.query({ ...query, cursor: first.cursor ?? '' })).rejects.toBeInstanceOf(
        BadRequestError,
      );
    });

    it.each<{ name: string; query: FindingQuery }>([
      { name: 'limit 0', query: { limit: 0 } },
      { name: 'limit 501', query: { limit: 501 } },
      { name: 'limit 1.5', query: { limit: 1.5 } },
      { name: 'since not a time', query: { since: 'yesterday' } },
      {
        name: 'since after until',
        query: { since: '2026-11-26T00:00:00Z', until: '2026-11-25T00:00:00Z' },
      },
      { name: 'an unknown type', query: { type: 'bogus' as FindingQuery['type'] } },
    ])('rejects $name with a BadRequestError', async ({ query }) => {
      await expect(store.query(query)).rejects.toBeInstanceOf(BadRequestError);
    });
  });

  describe('Method: readBuckets', () => {
    it('counts findings on each side of an hour boundary in their own hour', async () => {
      const { store } = await freshStore();
      await store.save([
        findingFixture({ id: 'a:psp-violation', time: '2026-11-26T17:59:59.999Z' }),
        findingFixture({ id: 'b:psp-violation', time: '2026-11-26T18:00:00.000Z' }),
        findingFixture({
          id: 'c:pss-violation',
          type: 'pss-violation',
          time: '2026-11-26T18:30:00Z',
          reasons: [
            {
              check: 'privileged',
              field: 'spec.containers[0].securityContext.privileged',
              message: 'm',
            },
          ],
        }),
      ]);

      const buckets = await store.readBuckets(
        'prod',
        new Date('2026-11-26T17:30:00Z'),
        new Date('2026-11-26T19:00:00Z'),
      );

      expect(buckets.map((b) => [b.hour, b.byType])).toEqual([
        ['2026-11-26T17:00:00.000Z', { 'psp-violation': 1 }],
        ['2026-11-26T18:00:00.000Z', { 'psp-violation': 1, 'pss-violation': 1 }],
      ]);
      expect(buckets[1]).toEqual({
        cluster: 'prod',
        hour: '2026-11-26T18:00:00.000Z',
        byType: { 'psp-violation': 1, 'pss-violation': 1 },
        byNamespace: { default: 2 },
        byPolicy: { restricted: 1 },
        byCheck: { privileged: 1 },
        byField: { 'spec.containers[0].securityContext.privileged': 2 },
        byUser: { 'system:serviceaccount:kube-system:replicaset-controller': 2 },
        byWorkload: { 'default/ReplicaSet/web-5d9f': 2 },
        pssFailuresByNamespace: { default: 1 },
      });
    });

    it.each([
      {
        name: 'ends on the hour (exclusive)',
        from: '2026-11-26T17:00:00Z',
        to: '2026-11-26T18:00:00Z',
        hours: ['2026-11-26T17:00:00.000Z'],
      },
      {
        name: 'starts inside an hour',
        from: '2026-11-26T18:59:00Z',
        to: '2026-11-26T19:00:00Z',
        hours: ['2026-11-26T18:00:00.000Z'],
      },
      {
        name: 'holds no hour with counts',
        from: '2026-11-26T20:00:00Z',
        to: '2026-11-27T20:00:00Z',
        hours: [],
      },
    ])('returns only the hours of a range that $name', async ({ from, to, hours }) => {
      const { store } = await freshStore();
      await store.save([
        findingFixture({ id: 'a:psp-violation', time: '2026-11-26T17:10:00Z' }),
        findingFixture({ id: 'b:psp-violation', time: '2026-11-26T18:10:00Z' }),
      ]);

      const buckets = await store.readBuckets('prod', new Date(from), new Date(to));

      expect(buckets.map((b) => b.hour)).toEqual(hours);
    });

    it('reads the buckets of every cluster across days without a cluster', async () => {
      const { store } = await freshStore();
      await store.save([
        findingFixture({ id: 'a:psp-violation', cluster: 'prod', time: '2026-11-25T23:10:00Z' }),
        findingFixture({ id: 'b:psp-violation', cluster: 'staging', time: '2026-11-26T00:10:00Z' }),
        findingFixture({ id: 'c:psp-violation', cluster: 'prod', time: '2026-11-26T00:20:00Z' }),
        findingFixture({ id: 'd:psp-violation', cluster: 'prod', time: '2026-11-27T00:20:00Z' }),
      ]);

      const buckets = await store.readBuckets(
        undefined,
        new Date('2026-11-25T00:00:00Z'),
        new Date('2026-11-27T00:00:00Z'),
      );

      expect(buckets.map((b) => [b.hour, b.cluster, b.byType['psp-violation']])).toEqual([
        ['2026-11-25T23:00:00.000Z', 'prod', 1],
        ['2026-11-26T00:00:00.000Z', 'prod', 1],
        ['2026-11-26T00:00:00.000Z', 'staging', 1],
      ]);
    });

    it('folds keys past the per-dimension cap into (other)', async () => {
      const { store } = await freshStore({ limits: { maxKeys: 3, maxKeyBytes: 10_000 } });
      const namespaces = ['a.b', 'c/d', 'e:f', 'g[0]', 'h'];
      await store.save(
        namespaces.map((namespace, i) => findingFixture({ id: `n${i}:psp-violation`, namespace })),
      );
      await store.save([
        findingFixture({ id: 'n9:psp-violation', namespace: 'h' }),
        findingFixture({ id: 'n10:psp-violation', namespace: 'a.b' }),
      ]);

      const [bucket] = await store.readBuckets(
        'prod',
        new Date('2026-11-26T10:00:00Z'),
        new Date('2026-11-26T11:00:00Z'),
      );

      expect(bucket?.byNamespace).toEqual({ 'a.b': 2, 'c/d': 1, 'e:f': 1, '(other)': 3 });
    });

    it('keeps counting in many batches, more counters than one update holds', async () => {
      const { store } = await freshStore();
      const batch = Array.from({ length: 80 }, (_, i) =>
        findingFixture({ id: `m${i}:psp-violation`, user: `user-${i % 70}` }),
      );
      await store.save(batch.slice(0, 40));
      await store.save(batch);

      const [bucket] = await store.readBuckets(
        'prod',
        new Date('2026-11-26T10:00:00Z'),
        new Date('2026-11-26T11:00:00Z'),
      );

      expect(bucket?.byType).toEqual({ 'psp-violation': 80 });
      expect(Object.keys(bucket?.byUser ?? {}).length).toBe(70);
      expect(bucket?.byUser['user-0']).toBe(2);
      expect(bucket?.byUser['user-69']).toBe(1);
    });
  });

  describe('Method: claimAlert / confirmAlert / releaseAlert', () => {
    it('claims once, refuses a second claim and claims again after release', async () => {
      const { store } = await freshStore();

      const results = [
        await store.claimAlert('x:sensitive-file'),
        await store.claimAlert('x:sensitive-file'),
        await store
          .releaseAlert('x:sensitive-file')
          .then(() => store.claimAlert('x:sensitive-file')),
        await store.claimAlert('y:sensitive-file'),
      ];

      expect(results).toEqual([true, false, true, true]);
    });

    it.each([
      {
        name: 'unconfirmed, within the lease',
        confirm: false,
        advance: '2026-11-26T12:00:59.000Z',
        again: false,
      },
      {
        name: 'unconfirmed, past the lease (the sender died)',
        confirm: false,
        advance: '2026-11-26T12:01:01.000Z',
        again: true,
      },
      {
        name: 'confirmed, long after',
        confirm: true,
        advance: '2026-11-27T12:00:00.000Z',
        again: false,
      },
    ])('a claim $name can be taken again: $again', async ({ confirm, advance, again }) => {
      // Prepare: the default lease is 60 s
      const { store, clock } = await freshStore();
      expect(await store.claimAlert('w:sensitive-file')).toBe(true);
      if (confirm) await store.confirmAlert('w:sensitive-file');
      // Act
      clock.set(advance);
      const claimed = await store.claimAlert('w:sensitive-file');
      // Assess
      expect(claimed).toBe(again);
    });

    it('does not make a finding saved after its claim look stored', async () => {
      const { store } = await freshStore();
      const finding = findingFixture({ id: 'z:sensitive-file', type: 'sensitive-file' });

      await store.claimAlert(finding.id);
      const saved = await store.save([finding]);

      expect(saved).toEqual({ stored: 1, duplicates: 0 });
    });
  });
});

describe.each(backends.filter((backend) => backend.atomic))(
  '$name under concurrency',
  (backend) => {
    let opened: Awaited<ReturnType<Backend['open']>>;

    beforeAll(async () => {
      opened = await backend.open();
    });

    afterAll(async () => {
      await opened?.close();
    });

    it('counts every finding when several batches add new keys to one hour at once', async () => {
      const store = await opened.create(mutableClock('2026-11-26T12:00:00Z'));
      const batches = Array.from({ length: 6 }, (_, b) =>
        Array.from({ length: 5 }, (_, i) =>
          findingFixture({ id: `c${b}-${i}:psp-violation`, namespace: `ns-${b}-${i % 2}` }),
        ),
      );

      const results = await Promise.all(batches.map((batch) => store.save(batch)));

      const [bucket] = await store.readBuckets(
        'prod',
        new Date('2026-11-26T10:00:00Z'),
        new Date('2026-11-26T11:00:00Z'),
      );
      expect(results.every((r) => r.stored === 5)).toBe(true);
      expect(bucket?.byType).toEqual({ 'psp-violation': 30 });
      expect(bucket?.byNamespace).toEqual(
        Object.fromEntries(
          Array.from({ length: 6 }, (_, b) => [
            [`ns-${b}-0`, 3],
            [`ns-${b}-1`, 2],
          ]).flat(),
        ),
      );
    });
  },
);

describe.each(dynamoDbServers())('DynamoDbFindingStore items on $name', ({ start }) => {
  let server: EmulatorServer;
  let client: DynamoDBClient;

  beforeAll(async () => {
    server = await start();
    client = createDynamoDbClient(server.endpoint);
    await client.send(new CreateTableCommand(findingsTableDefinition('findings')));
  });

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  it('sets expiresAt to the finding time plus the retention, in epoch seconds', async () => {
    const store = new DynamoDbFindingStore({
      client,
      tableName: 'findings',
      retentionDays: 30,
      clock: mutableClock('2026-11-26T12:00:00Z'),
    });
    const finding = findingFixture({ id: 'ttl:psp-violation', time: '2026-11-20T10:00:00Z' });

    await store.save([finding]);

    const raw = await client.send(
      new GetItemCommand({
        TableName: 'findings',
        Key: marshall({ pk: `F#${finding.id}`, sk: 'F' }),
      }),
    );
    expect(unmarshall(raw.Item ?? {}).expiresAt).toBe(
      Date.parse('2026-11-20T10:00:00Z') / 1000 + 30 * 86_400,
    );
  });

  it('counts a redelivered finding whose count claim was given back, once', async () => {
    // Prepare: the item as a failed first delivery leaves it (stored, claim released)
    const store = new DynamoDbFindingStore({
      client,
      tableName: 'findings',
      retentionDays: 30,
      clock: mutableClock('2026-11-26T12:00:00Z'),
    });
    const finding = findingFixture({ id: 'released:psp-violation', cluster: 'released' });
    await store.save([finding]);
    await client.send(
      new UpdateItemCommand({
        TableName: 'findings',
        Key: marshall({ pk: `F#${finding.id}`, sk: 'F' }),
        UpdateExpression: 'REMOVE counted',
      }),
    );
    await client.send(
      new DeleteItemCommand({
        TableName: 'findings',
        Key: marshall({ pk: 'B#released', sk: '2026-11-26T10:00:00.000Z' }),
      }),
    );

    // Act
    const results = [await store.save([finding]), await store.save([finding])];

    // Assess
    const buckets = await store.readBuckets(
      'released',
      new Date('2026-11-26T10:00:00Z'),
      new Date('2026-11-26T11:00:00Z'),
    );
    expect(results).toEqual([
      { stored: 0, duplicates: 1 },
      { stored: 0, duplicates: 1 },
    ]);
    expect(buckets.map((b) => b.byType)).toEqual([{ 'psp-violation': 1 }]);
  });
});
