import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/handler.ts';
import type { ApiDeps } from '../../lib/api/api-types.ts';
import { bucket, FakeFindingStore, FakePolicyStore, finding, fixedClock } from './fakes.ts';
import { type HttpApiEventOptions, httpApiEvent, lambdaContext } from './http-api-event.ts';

const older = finding({ id: 'a1:psp-violation', time: '2026-11-26T10:00:00.000Z' });
const newer = finding({
  id: 'b2:sensitive-file',
  type: 'sensitive-file',
  severity: 'critical',
  time: '2026-11-26T12:00:00.000Z',
  namespace: 'kube-system',
  user: 'bob',
  summary: 'exec into kube-system/etcd-0 reading /etc/kubernetes/pki',
});

let findings: FakeFindingStore;
let logged: { message: string; extra: Record<string, unknown> }[];
let deps: ApiDeps;

async function call(options: HttpApiEventOptions) {
  const handler = createApiHandler(deps, {
    log: { error: (message, extra) => logged.push({ message, extra }) },
  });
  const response = await handler(httpApiEvent(options), lambdaContext);
  return {
    statusCode: response.statusCode,
    contentType: response.headers?.['content-type'],
    body: JSON.parse(String(response.body)) as Record<string, unknown>,
  };
}

beforeEach(() => {
  findings = new FakeFindingStore([older, newer]);
  logged = [];
  deps = {
    findings,
    policies: new FakePolicyStore(),
    clock: fixedClock('2026-11-26T19:20:00.000Z'),
  };
});

describe('GET /findings', () => {
  it.each([
    { name: 'absent', query: undefined },
    { name: 'null', query: null },
  ])('lists every finding newest first when queryStringParameters is $name', async ({ query }) => {
    const response = await call({ method: 'GET', route: '/findings', query });

    expect(response).toEqual({
      statusCode: 200,
      contentType: 'application/json',
      body: { items: [newer, older], cursor: null },
    });
    expect(findings.queries).toEqual([{}]);
  });

  it('passes the filters to the store, times normalised to UTC', async () => {
    const response = await call({
      method: 'GET',
      route: '/findings',
      query: {
        cluster: 'prod',
        namespace: 'kube-system',
        type: 'sensitive-file',
        user: 'bob',
        since: '2026-11-26T11:00:00+01:00',
        until: '2026-11-27',
        limit: '10',
      },
    });

    expect(response.statusCode).toBe(200);
    expect(response.body.items).toEqual([newer]);
    expect(findings.queries).toEqual([
      {
        cluster: 'prod',
        namespace: 'kube-system',
        type: 'sensitive-file',
        user: 'bob',
        since: '2026-11-26T10:00:00.000Z',
        until: '2026-11-27T00:00:00.000Z',
        limit: 10,
      },
    ]);
  });

  it('pages with limit and the opaque cursor of the previous page', async () => {
    const first = await call({ method: 'GET', route: '/findings', query: { limit: '1' } });
    const cursor = String(first.body.cursor);
    const second = await call({ method: 'GET', route: '/findings', query: { limit: '1', cursor } });

    expect(first.body.items).toEqual([newer]);
    expect(second.body).toEqual({ items: [older], cursor: null });
  });

  it.each([
    {
      query: { type: 'violation' },
      message:
        'type must be one of psp-violation, pss-violation, sensitive-file, unevaluated, got "violation"',
    },
    { query: { limit: '0' }, message: 'limit must be a whole number from 1 to 500, got "0"' },
    { query: { limit: '501' }, message: 'limit must be a whole number from 1 to 500, got "501"' },
    { query: { limit: 'ten' }, message: 'limit must be a whole number from 1 to 500, got "ten"' },
    {
      query: { since: 'yesterday' },
      message:
        'since must be an ISO 8601 time with a zone, such as 2026-11-26T18:00:00Z, got "yesterday"',
    },
    {
      query: { until: '2026-11-26T18:00:00' },
      message:
        'until must be an ISO 8601 time with a zone, such as 2026-11-26T18:00:00Z, got "2026-11-26T18:00:00"',
    },
    {
      query: { since: '2026-11-26T18:00:00Z', until: '2026-11-26T17:00:00Z' },
      message:
        'since must be earlier than until, got since=2026-11-26T18:00:00.000Z and until=2026-11-26T17:00:00.000Z',
    },
    { query: { namespace: '' }, message: 'namespace must not be empty when given' },
    {
      query: { namspace: 'default' },
      message:
        'unknown query parameter "namspace" (accepted: cluster, namespace, type, user, since, until, limit, cursor)',
    },
    { query: { cursor: '!!' }, message: 'cursor is not a cursor returned by this API' },
  ])('answers 400 "$message"', async ({ query, message }) => {
    const response = await call({ method: 'GET', route: '/findings', query });

    expect(response).toEqual({
      statusCode: 400,
      contentType: 'application/json',
      body: { message },
    });
    expect(logged).toEqual([]);
  });

  it('answers 500 with a generic message and logs the error when the store fails', async () => {
    const failure = new Error('ProvisionedThroughputExceededException: table psp-audit-findings');
    findings.query = async () => {
      throw failure;
    };

    const response = await call({ method: 'GET', route: '/findings' });

    expect(response).toEqual({
      statusCode: 500,
      contentType: 'application/json',
      body: { message: 'internal error; see the function logs' },
    });
    expect(logged).toEqual([
      {
        message: 'request failed',
        extra: { error: failure, routeKey: 'GET /findings', requestId: 'Jd8aQh2ZDoEEMgw=' },
      },
    ]);
  });
});

describe('GET /findings/{id}', () => {
  it('returns the finding', async () => {
    const response = await call({
      method: 'GET',
      route: '/findings/{id}',
      path: '/findings/b2:sensitive-file',
      pathParameters: { id: 'b2:sensitive-file' },
    });

    expect(response).toEqual({ statusCode: 200, contentType: 'application/json', body: newer });
  });

  it('answers 404 naming the id when it is unknown', async () => {
    const response = await call({
      method: 'GET',
      route: '/findings/{id}',
      path: '/findings/nope:psp-violation',
      pathParameters: { id: 'nope:psp-violation' },
    });

    expect(response).toEqual({
      statusCode: 404,
      contentType: 'application/json',
      body: { message: 'no finding with id "nope:psp-violation"' },
    });
  });

  it.each([
    { id: 'a1%3Apsp-violation', statusCode: 200, body: older },
    {
      id: 'a1%3',
      statusCode: 400,
      body: { message: 'id is not a valid percent-encoded path segment: "a1%3"' },
    },
  ])('decodes a percent-encoded id $id', async ({ id, statusCode, body }) => {
    const response = await call({
      method: 'GET',
      route: '/findings/{id}',
      path: `/findings/${id}`,
      pathParameters: { id },
    });

    expect(response).toEqual({ statusCode, contentType: 'application/json', body });
  });

  it('takes the id from the path when pathParameters is absent', async () => {
    const response = await call({
      method: 'GET',
      route: '/findings/{id}',
      path: '/findings/a1:psp-violation',
    });

    expect(response.body).toEqual(older);
  });
});

describe('GET /summary', () => {
  beforeEach(() => {
    findings.buckets = [
      // previous 24h window: 2026-11-24T19:00 .. 2026-11-25T19:00
      bucket('2026-11-25T08:00:00.000Z', {
        byType: { 'psp-violation': 2 },
        byNamespace: { default: 2 },
        byUser: { alice: 2 },
      }),
      // current window: 2026-11-25T19:00 .. 2026-11-26T20:00 (the current hour included)
      bucket('2026-11-26T10:00:00.000Z', {
        byType: { 'psp-violation': 3 },
        byNamespace: { default: 3 },
        byPolicy: { restricted: 3 },
        byField: { privileged: 3 },
        byUser: { alice: 3 },
        byWorkload: { 'Deployment/web': 3 },
      }),
      bucket('2026-11-26T19:00:00.000Z', {
        byType: { 'sensitive-file': 1, 'pss-violation': 1 },
        byNamespace: { 'kube-system': 2 },
        byCheck: { hostPathVolumes: 1 },
        byUser: { bob: 2 },
        pssFailuresByNamespace: { 'kube-system': 1 },
      }),
    ];
  });

  it('counts the window, the current hour included, and the window before it', async () => {
    const response = await call({
      method: 'GET',
      route: '/summary',
      query: { window: '24h', cluster: 'prod' },
    });

    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({
      cluster: 'prod',
      window: '24h',
      current: {
        from: '2026-11-25T20:00:00.000Z',
        until: '2026-11-26T20:00:00.000Z',
        total: 5,
        byType: { 'psp-violation': 3, 'pss-violation': 1, 'sensitive-file': 1 },
        byNamespace: { default: 3, 'kube-system': 2 },
        byPolicy: { restricted: 3 },
        byCheck: { hostPathVolumes: 1 },
        byField: { privileged: 3 },
        byUser: { alice: 3, bob: 2 },
        byWorkload: { 'Deployment/web': 3 },
        pssFailuresByNamespace: { 'kube-system': 1 },
      },
      previous: {
        from: '2026-11-24T20:00:00.000Z',
        until: '2026-11-25T20:00:00.000Z',
        total: 2,
        byType: { 'psp-violation': 2 },
        byNamespace: { default: 2 },
        byPolicy: {},
        byCheck: {},
        byField: {},
        byUser: { alice: 2 },
        byWorkload: {},
        pssFailuresByNamespace: {},
      },
    });
    expect(findings.bucketReads).toEqual([
      { cluster: 'prod', from: '2026-11-24T20:00:00.000Z', to: '2026-11-26T20:00:00.000Z' },
    ]);
  });

  it('defaults to 24h over every cluster', async () => {
    const response = await call({ method: 'GET', route: '/summary', query: null });

    expect(response.body).toMatchObject({ cluster: null, window: '24h' });
    expect(findings.bucketReads[0]?.cluster).toBeUndefined();
  });

  it.each([
    { query: { window: '2d' }, message: 'window must be one of 1h, 24h, 7d, got "2d"' },
    { query: { window: '' }, message: 'window must be one of 1h, 24h, 7d, got ""' },
    {
      query: { since: 'x' },
      message: 'unknown query parameter "since" (accepted: cluster, window)',
    },
  ])('answers 400 "$message"', async ({ query, message }) => {
    const response = await call({ method: 'GET', route: '/summary', query });

    expect(response).toEqual({
      statusCode: 400,
      contentType: 'application/json',
      body: { message },
    });
  });
});

describe('routing', () => {
  it.each([
    { method: 'GET', route: '/nothing', message: 'no route for GET /nothing' },
    { method: 'PATCH', route: '/findings', message: 'no route for PATCH /findings' },
  ])('answers 404 for $method $route', async ({ method, route, message }) => {
    const response = await call({ method, route });

    expect(response).toEqual({
      statusCode: 404,
      contentType: 'application/json',
      body: { message },
    });
  });
});
