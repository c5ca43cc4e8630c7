/**
 * Bad input is a 400, never a 500: arbitrary query strings and bodies against every route, over
 * the in-memory stores (which validate queries and cursors as the DynamoDB store does). A fixed
 * seed keeps the runs deterministic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/handler.ts';
import { MemoryFindingStore, MemoryPolicyStore } from '../../lib/adapters/memory-stores.ts';
import { fixedClock } from './fakes.ts';
import { httpApiEvent, lambdaContext } from './http-api-event.ts';

const clock = fixedClock('2026-11-26T19:00:00.000Z');
const unexpected: unknown[] = [];
const handler = createApiHandler(
  {
    findings: new MemoryFindingStore({ clock }),
    policies: new MemoryPolicyStore({ clock }),
    clock,
  },
  { log: { error: (_message, extra) => unexpected.push(extra.error) } },
);

const names = fc.oneof(
  fc.constantFrom(
    'cluster',
    'namespace',
    'type',
    'user',
    'since',
    'until',
    'limit',
    'cursor',
    'window',
  ),
  fc.string({ maxLength: 8 }),
);
const values = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '0', '-1', '500', '1e3', 'psp-violation', '24h', '2026-11-26T18:00:00Z'),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);

async function status(options: Parameters<typeof httpApiEvent>[0]): Promise<number | undefined> {
  const response = await handler(httpApiEvent(options), lambdaContext);
  return response.statusCode;
}

describe('bad input never yields a 500', () => {
  it.each([{ route: '/findings' }, { route: '/summary' }])(
    'GET $route with arbitrary query parameters answers 200 or 400',
    async ({ route }) => {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(names, values, { maxKeys: 4 }), async (query) => {
          expect([200, 400]).toContain(await status({ method: 'GET', route, query }));
        }),
        { numRuns: 200, seed: 20261126 },
      );
      expect(unexpected).toEqual([]);
    },
  );

  it('POST /evaluate with arbitrary JSON answers 200 or 400', async () => {
    const pod = fc.oneof(
      fc.jsonValue(),
      fc.record({
        metadata: fc.oneof(
          fc.jsonValue(),
          fc.record({ name: fc.string(), namespace: fc.jsonValue() }),
        ),
        spec: fc.oneof(
          fc.jsonValue(),
          fc.record({
            containers: fc.oneof(
              fc.jsonValue(),
              fc.array(fc.record({ name: fc.string(), securityContext: fc.jsonValue() }), {
                maxLength: 2,
              }),
            ),
            volumes: fc.jsonValue(),
            hostNetwork: fc.jsonValue(),
          }),
        ),
      }),
    );
    const body = fc.record(
      {
        pod,
        user: fc.jsonValue(),
        groups: fc.jsonValue(),
        pss: fc.oneof(fc.jsonValue(), fc.string()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (request) => {
        expect([200, 400]).toContain(
          await status({ method: 'POST', route: '/evaluate', body: JSON.stringify(request) }),
        );
      }),
      { numRuns: 300, seed: 20261126 },
    );
    expect(unexpected).toEqual([]);
  });

  it('PUT /policies with arbitrary text or manifests answers 200 or 400', async () => {
    const manifest = fc.record(
      {
        apiVersion: fc.constantFrom('policy/v1beta1', 'rbac.authorization.k8s.io/v1', 'v1'),
        kind: fc.constantFrom('PodSecurityPolicy', 'ClusterRole', 'RoleBinding', 'Pod', 'List'),
        metadata: fc.oneof(
          fc.jsonValue(),
          fc.record({ name: fc.string(), namespace: fc.string() }),
        ),
        spec: fc.jsonValue(),
        rules: fc.jsonValue(),
        subjects: fc.jsonValue(),
        roleRef: fc.jsonValue(),
        items: fc.jsonValue(),
      },
      { requiredKeys: ['kind'] },
    );
    const text = fc.oneof(
      fc.string(),
      manifest.map((object) => JSON.stringify(object)),
    );
    await fc.assert(
      fc.asyncProperty(text, async (body) => {
        expect([200, 400]).toContain(await status({ method: 'PUT', route: '/policies', body }));
      }),
      { numRuns: 300, seed: 20261126 },
    );
    expect(unexpected).toEqual([]);
  });
});
