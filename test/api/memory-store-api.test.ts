import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/handler.ts';
import { MemoryFindingStore, MemoryPolicyStore } from '../../lib/adapters/memory-stores.ts';
import { finding, fixedClock } from './fakes.ts';
import { type HttpApiEventOptions, httpApiEvent, lambdaContext } from './http-api-event.ts';

async function setup() {
  const clock = fixedClock('2026-11-26T19:20:00.000Z');
  const findings = new MemoryFindingStore({ clock });
  await findings.save(
    Array.from({ length: 5 }, (_, index) =>
      finding({
        id: `e${index}:psp-violation`,
        time: `2026-11-26T1${index + 4}:30:00.000Z`,
        namespace: index % 2 === 0 ? 'default' : 'team-a',
      }),
    ),
  );
  const handler = createApiHandler({ findings, policies: new MemoryPolicyStore({ clock }), clock });
  return async (options: HttpApiEventOptions) => {
    const response = await handler(httpApiEvent(options), lambdaContext);
    return { statusCode: response.statusCode, body: JSON.parse(String(response.body)) };
  };
}

describe('API over the in-memory stores', () => {
  it('walks every page of a filtered query, newest first', async () => {
    const call = await setup();
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call({
        method: 'GET',
        route: '/findings',
        query: { namespace: 'default', limit: '1', ...(cursor === undefined ? {} : { cursor }) },
      });
      expect(page.statusCode).toBe(200);
      ids.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.cursor ?? undefined;
    } while (cursor !== undefined);

    expect(ids).toEqual(['e4:psp-violation', 'e2:psp-violation', 'e0:psp-violation']);
  });

  it("refuses another query's cursor with a 400", async () => {
    const call = await setup();
    const first = await call({ method: 'GET', route: '/findings', query: { limit: '1' } });

    const response = await call({
      method: 'GET',
      route: '/findings',
      query: { namespace: 'team-a', cursor: first.body.cursor },
    });

    expect(response).toEqual({
      statusCode: 400,
      body: {
        message:
          'cursor is not a cursor of this query: pass the cursor of the previous page unchanged',
      },
    });
  });

  it('summarises the last hour from the buckets the store keeps', async () => {
    const call = await setup();

    const response = await call({ method: 'GET', route: '/summary', query: { window: '1h' } });

    expect(response.body.current).toMatchObject({
      from: '2026-11-26T19:00:00.000Z',
      until: '2026-11-26T20:00:00.000Z',
      total: 0,
    });
    expect(response.body.previous).toMatchObject({
      from: '2026-11-26T18:00:00.000Z',
      until: '2026-11-26T19:00:00.000Z',
      total: 1,
      byType: { 'psp-violation': 1 },
      byNamespace: { default: 1 },
    });
  });

  it('imports, lists and removes policies', async () => {
    const call = await setup();
    const body = JSON.stringify({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'psp-user' },
      rules: [],
    });

    const put = await call({ method: 'PUT', route: '/policies', body });
    const removed = await call({
      method: 'DELETE',
      route: '/policies/{kind}/{name}',
      path: '/policies/ClusterRole/psp-user',
      pathParameters: { kind: 'ClusterRole', name: 'psp-user' },
    });
    const again = await call({
      method: 'DELETE',
      route: '/policies/{kind}/{name}',
      path: '/policies/ClusterRole/psp-user',
      pathParameters: { kind: 'ClusterRole', name: 'psp-user' },
    });

    expect(put.body).toMatchObject({ objects: ['ClusterRole/psp-user'], imported: 1 });
    expect(removed.body).toMatchObject({ objects: [] });
    expect(removed.body.version).not.toBe(put.body.version);
    expect(again).toEqual({
      statusCode: 404,
      body: { message: 'policy store: ClusterRole/psp-user is not in the current policy set' },
    });
  });
});
