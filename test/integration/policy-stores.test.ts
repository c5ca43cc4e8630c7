/**
 * The policy stores against the same cases: DynamoDbPolicyStore on real DynamoDB-compatible
 * servers (dynalite always, moto_server when present; a table per test) and MemoryPolicyStore.
 */
import { CreateTableCommand, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPolicyStore } from '../../lib/adapters/dynamodb-policy-store.ts';
import { MemoryPolicyStore } from '../../lib/adapters/memory-stores.ts';
import { policiesTableDefinition } from '../../lib/adapters/table-definitions.ts';
import { InvalidManifestError, NotFoundError } from '../../lib/errors.ts';
import type { PolicyStore } from '../../lib/ports.ts';
import {
  createDynamoDbClient,
  dynamoDbServers,
  type EmulatorServer,
} from '../helpers/dynamodb-server.ts';
import { mutableClock } from './finding-fixtures.ts';

const psp = (name: string, extra: Record<string, string> = {}) => ({
  apiVersion: 'policy/v1beta1',
  kind: 'PodSecurityPolicy',
  metadata: { name, annotations: extra },
  spec: {
    privileged: false,
    seLinux: { rule: 'RunAsAny' },
    runAsUser: { rule: 'MustRunAsNonRoot' },
    supplementalGroups: { rule: 'RunAsAny' },
    fsGroup: { rule: 'RunAsAny' },
    volumes: ['configMap', 'secret'],
  },
});
const clusterRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'psp:restricted' },
  rules: [
    {
      apiGroups: ['policy'],
      resources: ['podsecuritypolicies'],
      resourceNames: ['restricted'],
      verbs: ['use'],
    },
  ],
};
const roleBinding = (namespace: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'psp:restricted', namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'psp:restricted' },
  subjects: [{ kind: 'Group', name: `system:serviceaccounts:${namespace}` }],
});

interface Backend {
  name: string;
  open(): Promise<{ create(): Promise<PolicyStore>; close(): Promise<void> }>;
}

const clock = mutableClock('2026-11-26T12:00:00.000Z');

function dynamoDbBackend(server: { name: string; start: () => Promise<EmulatorServer> }): Backend {
  return {
    name: `DynamoDbPolicyStore on ${server.name}`,
    async open() {
      const running = await server.start();
      const client = createDynamoDbClient(running.endpoint);
      let tables = 0;
      return {
        async create() {
          tables += 1;
          const tableName = `policies-${tables}`;
          await client.send(new CreateTableCommand(policiesTableDefinition(tableName)));
          return new DynamoDbPolicyStore({ client, tableName, clock });
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
  name: 'MemoryPolicyStore',
  open: async () => ({
    create: async () => new MemoryPolicyStore({ clock }),
    close: async () => {},
  }),
};

describe.each([...dynamoDbServers().map(dynamoDbBackend), memoryBackend])('$name', (backend) => {
  let opened: Awaited<ReturnType<Backend['open']>>;

  beforeAll(async () => {
    opened = await backend.open();
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('is empty before the first import', async () => {
    const store = await opened.create();

    expect(await store.current()).toEqual({ policies: [], rbac: null, version: null });
    expect(await store.currentVersion()).toBeNull();
    expect(await store.list()).toBeNull();
  });

  it('stores each import as a new version merged over the current set', async () => {
    // Prepare
    const store = await opened.create();

    // Act
    const first = await store.importObjects([psp('restricted'), psp('privileged')]);
    const second = await store.importObjects([
      psp('restricted', { changed: 'yes' }),
      psp('baseline'),
    ]);

    // Assess
    expect(first).toEqual({
      version: 'v000001',
      importedAt: '2026-11-26T12:00:00.000Z',
      objects: ['PodSecurityPolicy/privileged', 'PodSecurityPolicy/restricted'],
    });
    expect(second.version).toBe('v000002');
    expect(await store.currentVersion()).toBe('v000002');
    expect(await store.list()).toEqual(second);
    expect(await store.current()).toEqual({
      policies: [psp('restricted', { changed: 'yes' }), psp('privileged'), psp('baseline')],
      rbac: null,
      version: 'v000002',
    });
  });

  it('returns RBAC objects once the set holds any, and null again when the last is removed', async () => {
    const store = await opened.create();
    await store.importObjects([psp('restricted')]);
    const withoutRbac = await store.current();

    await store.importObjects([clusterRole, roleBinding('team-a'), roleBinding('team-b')]);
    const withRbac = await store.current();
    await store.remove('RoleBinding', 'psp:restricted', 'team-a');
    await store.remove('RoleBinding', 'psp:restricted', 'team-b');
    const removed = await store.remove('ClusterRole', 'psp:restricted');

    expect(withoutRbac.rbac).toBeNull();
    expect(withRbac.rbac).toEqual({
      clusterRoles: [clusterRole],
      clusterRoleBindings: [],
      roles: [],
      roleBindings: [roleBinding('team-a'), roleBinding('team-b')],
    });
    expect(removed).toEqual({
      version: 'v000005',
      importedAt: '2026-11-26T12:00:00.000Z',
      objects: ['PodSecurityPolicy/restricted'],
    });
    expect(await store.current()).toEqual({
      policies: [psp('restricted')],
      rbac: null,
      version: 'v000005',
    });
  });

  it.each([
    {
      name: 'a policy never imported',
      kind: 'PodSecurityPolicy',
      object: 'nope',
      namespace: undefined,
    },
    {
      name: 'a RoleBinding in another namespace',
      kind: 'RoleBinding',
      object: 'psp:restricted',
      namespace: 'team-b',
    },
  ])(
    'refuses to remove $name with a NotFoundError and keeps the version',
    async ({ kind, object, namespace }) => {
      const store = await opened.create();
      await store.importObjects([psp('restricted'), roleBinding('team-a')]);

      await expect(store.remove(kind, object, namespace)).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.currentVersion()).toBe('v000001');
    },
  );

  it('refuses to remove from an empty store with a NotFoundError', async () => {
    const store = await opened.create();

    await expect(store.remove('PodSecurityPolicy', 'restricted')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it.each([
    { name: 'an unknown kind', object: { kind: 'Pod', metadata: { name: 'x' } } },
    { name: 'no name', object: { kind: 'PodSecurityPolicy', metadata: {} } },
    { name: 'not an object', object: 'PodSecurityPolicy/x' },
  ])('refuses to import an object with $name', async ({ object }) => {
    const store = await opened.create();

    await expect(store.importObjects([object])).rejects.toBeInstanceOf(InvalidManifestError);
    expect(await store.currentVersion()).toBeNull();
  });

  it('round-trips a policy set far larger than one DynamoDB item', async () => {
    // Prepare: 400 policies of ~4 KB each, about 1.7 MB of JSON
    const store = await opened.create();
    const policies = Array.from({ length: 400 }, (_, i) =>
      psp(`policy-${String(i).padStart(3, '0')}`, { note: `${'x'.repeat(4000)}é😀${i}` }),
    );

    // Act
    const summary = await store.importObjects(policies);

    // Assess
    expect(summary.objects.length).toBe(400);
    expect(await store.current()).toEqual({ policies, rbac: null, version: 'v000001' });
  });
});

describe.each(dynamoDbServers())('DynamoDbPolicyStore items on $name', ({ start }) => {
  let server: EmulatorServer;
  let client: DynamoDBClient;

  beforeAll(async () => {
    server = await start();
    client = createDynamoDbClient(server.endpoint);
    await client.send(new CreateTableCommand(policiesTableDefinition('policies')));
  });

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  const itemsOf = async (version: string) =>
    (
      await client.send(
        new QueryCommand({
          TableName: 'policies',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': `V#${version}` }),
        }),
      )
    ).Items?.length ?? 0;

  it('cuts the JSON into chunks without splitting a surrogate pair and keeps old versions', async () => {
    // Prepare: 50-character chunks cut the set into many pieces, some next to an emoji
    const store = new DynamoDbPolicyStore({ client, tableName: 'policies', clock, chunkChars: 50 });
    const policies = [psp('a', { note: '😀😀😀😀😀😀😀😀' }), psp('b', { note: 'é😀é😀' })];

    // Act
    await store.importObjects(policies);
    await store.remove('PodSecurityPolicy', 'a');

    // Assess
    expect(await store.current()).toEqual({
      policies: [policies[1]],
      rbac: null,
      version: 'v000002',
    });
    expect(await itemsOf('v000001')).toBeGreaterThanOrEqual(
      1 + Math.ceil(JSON.stringify(policies).length / 50),
    );
    expect(await itemsOf('v000002')).toBeGreaterThan(1);
  });
});
