import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/handler.ts';
import { FakeFindingStore, FakePolicyStore, fixedClock } from './fakes.ts';
import { type HttpApiEventOptions, httpApiEvent, lambdaContext } from './http-api-event.ts';

const manifests = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: restricted
spec:
  privileged: false
  seLinux: { rule: RunAsAny }
  runAsUser: { rule: MustRunAsNonRoot }
  supplementalGroups: { rule: RunAsAny }
  fsGroup: { rule: RunAsAny }
  volumes: [configMap, secret, emptyDir]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: use-restricted, namespace: team-a }
rules:
  - apiGroups: [policy]
    resources: [podsecuritypolicies]
    resourceNames: [restricted]
    verbs: [use]
`;

let policies: FakePolicyStore;

async function call(options: HttpApiEventOptions) {
  const handler = createApiHandler(
    { findings: new FakeFindingStore(), policies, clock: fixedClock('2026-11-26T19:00:00Z') },
    { log: { error: () => undefined } },
  );
  const response = await handler(httpApiEvent(options), lambdaContext);
  return { statusCode: response.statusCode, body: JSON.parse(String(response.body)) };
}

beforeEach(() => {
  policies = new FakePolicyStore();
});

describe('GET /policies', () => {
  it('answers an empty set before any import', async () => {
    const response = await call({ method: 'GET', route: '/policies', query: null });

    expect(response).toEqual({
      statusCode: 200,
      body: { version: null, importedAt: null, objects: [] },
    });
  });
});

describe('PUT /policies', () => {
  it.each([
    { name: 'YAML', body: manifests, base64: false },
    { name: 'base64-encoded YAML', body: manifests, base64: true },
  ])('validates and stores the objects of $name as a new version', async ({ body, base64 }) => {
    const response = await call({ method: 'PUT', route: '/policies', body, base64 });

    expect(response).toEqual({
      statusCode: 200,
      body: {
        version: 'v1',
        importedAt: '2026-11-26T18:30:00.000Z',
        objects: ['PodSecurityPolicy/restricted', 'Role/team-a/use-restricted'],
        imported: 2,
        warnings: [],
      },
    });
    const listed = await call({ method: 'GET', route: '/policies' });
    expect(listed.body.objects).toEqual([
      'PodSecurityPolicy/restricted',
      'Role/team-a/use-restricted',
    ]);
  });

  it('accepts JSON and says what it did not store', async () => {
    const body = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          kind: 'ClusterRole',
          apiVersion: 'rbac.authorization.k8s.io/v1',
          metadata: { name: 'psp-user' },
          rules: [],
        },
        {
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: { name: 'web' },
          spec: { containers: [{ name: 'app' }] },
        },
        {
          kind: 'Deployment',
          apiVersion: 'apps/v1',
          metadata: { name: 'api' },
          spec: { template: { spec: { containers: [{ name: 'app' }] } } },
        },
      ],
    });

    const response = await call({ method: 'PUT', route: '/policies', body });

    expect(response.statusCode).toBe(200);
    expect(response.body.objects).toEqual(['ClusterRole/psp-user']);
    expect(response.body.warnings).toEqual([
      expect.stringMatching(/#1: Pod is not a policy object; not stored$/),
      expect.stringMatching(/#2: Deployment is not a policy object; not stored$/),
    ]);
  });

  it.each([
    {
      name: 'an empty body',
      body: '',
      message:
        'the manifests hold no object to store (accepted kinds: PodSecurityPolicy, ClusterRole, Role, ClusterRoleBinding, RoleBinding)',
    },
    {
      name: 'a policy without runAsUser',
      body: 'kind: PodSecurityPolicy\napiVersion: policy/v1beta1\nmetadata: {name: p}\nspec:\n  seLinux: {rule: RunAsAny}\n  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n',
      message: 'request body (PodSecurityPolicy "p"): spec.runAsUser is required',
    },
    {
      name: 'a YAML alias without anchor',
      body: '*a',
      message:
        'request body: document 1: invalid YAML: Unresolved alias (the anchor must be set before the alias): a',
    },
    {
      name: 'malformed YAML',
      body: 'kind: [PodSecurityPolicy\n',
      message: expect.stringMatching(
        /^request body: document 1: invalid YAML at line 2, column 1: /,
      ),
    },
  ])('answers 400 for $name and stores nothing', async ({ body, message }) => {
    const response = await call({ method: 'PUT', route: '/policies', body });

    expect(response).toEqual({ statusCode: 400, body: { message } });
    expect(policies.version).toBeNull();
  });
});

describe('DELETE /policies/{kind}/{name}', () => {
  beforeEach(async () => {
    await call({ method: 'PUT', route: '/policies', body: manifests });
  });

  function remove(kind: string, name: string, query?: Record<string, string | undefined>) {
    return call({
      method: 'DELETE',
      route: '/policies/{kind}/{name}',
      path: `/policies/${kind}/${name}`,
      pathParameters: { kind, name },
      query,
    });
  }

  it('removes a namespaced object into a new version', async () => {
    const response = await remove('Role', 'use-restricted', { namespace: 'team-a' });

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({
      version: 'v2',
      objects: ['PodSecurityPolicy/restricted'],
    });
  });

  it('matches the kind case-insensitively', async () => {
    const response = await remove('podsecuritypolicy', 'restricted');

    expect(response.body.objects).toEqual(['Role/team-a/use-restricted']);
  });

  it.each([
    {
      kind: 'Deployment',
      name: 'web',
      query: undefined,
      status: 400,
      message:
        'kind must be one of PodSecurityPolicy, ClusterRole, Role, ClusterRoleBinding, RoleBinding, got "Deployment"',
    },
    {
      kind: 'PodSecurityPolicy',
      name: 'restricted',
      query: { namespace: 'team-a' },
      status: 400,
      message:
        'namespace is accepted only for namespaced kinds (Role, RoleBinding); PodSecurityPolicy is cluster-scoped',
    },
    {
      kind: 'Role',
      name: 'use-restricted',
      query: { ns: 'team-a' },
      status: 400,
      message: 'unknown query parameter "ns" (accepted: namespace)',
    },
    {
      kind: 'Role',
      name: 'use-restricted',
      query: { namespace: 'team-b' },
      status: 404,
      message: 'no Role/team-b/use-restricted in the policy set',
    },
  ])('answers $status for $kind/$name $query', async ({ kind, name, query, status, message }) => {
    const response = await remove(kind, name, query);

    expect(response).toEqual({ statusCode: status, body: { message } });
  });
});
