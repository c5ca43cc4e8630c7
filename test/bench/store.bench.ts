/**
 * Finding store speed on dynalite (in-process, so figures show our overhead and round trips, not
 * DynamoDB's latency): saving a batch of 500 findings spread over 20 namespaces and 4 hours,
 * and reading a page of 50 newest first.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { DynamoDbFindingStore } from '../../lib/adapters/dynamodb-finding-store.ts';
import { MemoryFindingStore } from '../../lib/adapters/memory-stores.ts';
import { findingsTableDefinition } from '../../lib/adapters/table-definitions.ts';
import type { Finding } from '../../lib/findings.ts';
import {
  createDynamoDbClient,
  type EmulatorServer,
  startDynalite,
} from '../helpers/dynamodb-server.ts';
import { findingFixture, mutableClock } from '../integration/finding-fixtures.ts';

const clock = mutableClock('2026-11-26T12:00:00Z');
let server: EmulatorServer;
let store: DynamoDbFindingStore;
let round = 0;

const batch = (prefix: string): Finding[] =>
  Array.from({ length: 500 }, (_, i) =>
    findingFixture({
      id: `${prefix}-${i}:psp-violation`,
      namespace: `namespace-${i % 20}`,
      time: new Date(Date.parse('2026-11-26T08:00:00Z') + (i % 4) * 3_600_000).toISOString(),
    }),
  );

beforeAll(async () => {
  server = await startDynalite();
  const client = createDynamoDbClient(server.endpoint);
  await client.send(new CreateTableCommand(findingsTableDefinition('findings')));
  store = new DynamoDbFindingStore({ client, tableName: 'findings', retentionDays: 30, clock });
  await store.save(batch('seed'));
});

afterAll(async () => {
  await server?.stop();
});

describe('DynamoDbFindingStore on dynalite', () => {
  bench(
    'save 500 new findings',
    async () => {
      round += 1;
      await store.save(batch(`r${round}`));
    },
    { iterations: 2, warmupIterations: 0 },
  );

  bench(
    'save 500 duplicates',
    async () => {
      await store.save(batch('seed'));
    },
    { iterations: 2, warmupIterations: 0 },
  );

  bench('query a page of 50 by namespace', async () => {
    await store.query({ namespace: 'namespace-3', limit: 50 });
  });
});

describe('MemoryFindingStore', () => {
  bench('save 500 new findings', async () => {
    await new MemoryFindingStore({ clock }).save(batch('m'));
  });
});
