import { describe, expect, it } from 'vitest';
import { type AuditEvent, parseAuditEvent } from './parse-audit-event.ts';
import { buildAuditBatch, buildSampleAuditLog, SAMPLE_IDS } from './sample-events.ts';
import {
  describeMissingBody,
  isCertainlyNotPodEvent,
  isPodObject,
  selectPodBody,
  selectPodEvent,
  selectSkipReason,
} from './select-pod-events.ts';

const event = (patch: Partial<AuditEvent>): AuditEvent => ({
  kind: 'Event',
  level: 'RequestResponse',
  auditID: 'a',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/default/pods',
  verb: 'create',
  user: { username: 'alice' },
  objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
  responseStatus: { code: 201 },
  requestReceivedTimestamp: '2026-11-26T09:00:00.000000Z',
  annotations: {},
  ...patch,
});
const pod = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' }, spec: { containers: [] } };

describe('Function: selectPodEvent', () => {
  it.each([
    { resource: 'pods', subresource: undefined, verb: 'create', kind: 'write', action: 'create' },
    { resource: 'pods', subresource: undefined, verb: 'update', kind: 'write', action: 'update' },
    { resource: 'pods', subresource: undefined, verb: 'patch', kind: 'write', action: 'patch' },
    {
      resource: 'pods',
      subresource: 'ephemeralcontainers',
      verb: 'patch',
      kind: 'ephemeralcontainers',
      action: 'ephemeralcontainers',
    },
    {
      resource: 'pods',
      subresource: 'ephemeralcontainers',
      verb: 'update',
      kind: 'ephemeralcontainers',
      action: 'ephemeralcontainers',
    },
    { resource: 'pods', subresource: 'exec', verb: 'create', kind: 'exec', action: 'exec' },
    { resource: 'pods', subresource: 'exec', verb: 'get', kind: 'exec', action: 'exec' },
    { resource: 'pods', subresource: 'attach', verb: 'get', kind: 'attach', action: 'attach' },
    { resource: 'pods', subresource: undefined, verb: 'get', kind: null },
    { resource: 'pods', subresource: undefined, verb: 'delete', kind: null },
    { resource: 'pods', subresource: undefined, verb: 'list', kind: null },
    { resource: 'pods', subresource: 'status', verb: 'patch', kind: null },
    { resource: 'pods', subresource: 'binding', verb: 'create', kind: null },
    { resource: 'pods', subresource: 'eviction', verb: 'create', kind: null },
    { resource: 'pods', subresource: 'portforward', verb: 'create', kind: null },
    { resource: 'pods', subresource: 'ephemeralcontainers', verb: 'get', kind: null },
    { resource: 'deployments', subresource: undefined, verb: 'create', kind: null },
  ])('$resource/$subresource $verb → $kind', ({ resource, subresource, verb, kind, action }) => {
    const selected = selectPodEvent(event({ verb, objectRef: { resource, subresource } }));
    expect(selected === null ? null : [selected.kind, selected.action]).toEqual(
      kind === null ? null : [kind, action],
    );
  });

  it('ignores pods of another API group and events without objectRef', () => {
    expect(
      selectPodEvent(event({ objectRef: { resource: 'pods', apiGroup: 'metrics.k8s.io' } })),
    ).toBeNull();
    expect(selectPodEvent(event({ objectRef: undefined, requestURI: '/readyz' }))).toBeNull();
  });
});

describe('Function: selectSkipReason', () => {
  it.each([
    { name: 'final stage, 201', patch: {}, reason: null },
    {
      name: 'exec stream opened',
      patch: { stage: 'ResponseStarted', responseStatus: { code: 101 } },
      reason: null,
    },
    {
      name: 'RequestReceived',
      patch: { stage: 'RequestReceived', responseStatus: undefined },
      reason: 'request-received',
    },
    { name: 'Panic', patch: { stage: 'Panic' }, reason: 'panic' },
    { name: '403 from PodSecurity', patch: { responseStatus: { code: 403 } }, reason: 'failed' },
    { name: '422 invalid', patch: { responseStatus: { code: 422 } }, reason: 'failed' },
    {
      name: 'dry run',
      patch: { requestURI: '/api/v1/namespaces/a/pods?dryRun=All' },
      reason: 'dry-run',
    },
  ])('$name → $reason', ({ patch, reason }) => {
    expect(selectSkipReason(event(patch as Partial<AuditEvent>))).toBe(reason);
  });
});

describe('Function: selectPodBody', () => {
  const select = (patch: Partial<AuditEvent>) => {
    const selected = selectPodEvent(event(patch));
    return selected === null ? undefined : selectPodBody(selected);
  };
  const stored = { ...pod, metadata: { name: 'stored' } };
  const requested = { ...pod, metadata: { generateName: 'p-' } };

  it('prefers the stored pod of the response', () => {
    expect(select({ requestObject: requested, responseObject: stored })).toBe(stored);
  });
  it('falls back to a Pod request body for create and update', () => {
    expect(select({ requestObject: requested })).toBe(requested);
    expect(select({ verb: 'update', requestObject: requested })).toBe(requested);
  });
  it('never takes a patch document, even one that says kind Pod (server-side apply)', () => {
    expect(select({ verb: 'patch', requestObject: requested })).toBeNull();
    expect(select({ verb: 'patch', requestObject: [{ op: 'add', path: '/spec' }] })).toBeNull();
  });
  it('takes no body from a Metadata-level event, and says why', () => {
    const metadataOnly = selectPodEvent(event({ level: 'Metadata' }));
    expect(metadataOnly && selectPodBody(metadataOnly)).toBeNull();
    expect(metadataOnly && describeMissingBody(metadataOnly)).toBe(
      'no pod body: the event was logged at Metadata level',
    );
  });
  it('refuses a Status in place of a pod', () => {
    expect(select({ responseObject: { kind: 'Status', code: 201 } })).toBeNull();
  });
});

describe('Function: isPodObject', () => {
  it.each([
    [{ kind: 'Pod' }, true],
    [{ spec: { containers: [] } }, true],
    [{ kind: 'Binding' }, false],
    [{ spec: {} }, false],
    [[], false],
    [null, false],
  ])('%j → %s', (value, expected) => {
    expect(isPodObject(value)).toBe(expected);
  });
});

describe('Function: isCertainlyNotPodEvent', () => {
  it('never says so of a pod event psp-audit acts on, compact or spaced', () => {
    const messages = [
      ...buildSampleAuditLog().map((entry) => JSON.stringify(entry.event)),
      ...buildAuditBatch(300, { podWriteShare: 0.2 }),
    ];
    let acted = 0;
    for (const message of messages) {
      if (selectPodEvent(parseAuditEvent(message)) === null) continue;
      acted += 1;
      expect(isCertainlyNotPodEvent(message)).toBe(false);
      expect(isCertainlyNotPodEvent(JSON.stringify(JSON.parse(message), null, 2))).toBe(false);
    }
    expect(acted).toBeGreaterThan(60);
  });

  it('says so of the pod reads and status patches the API server writes, without parsing them', () => {
    const reads = buildSampleAuditLog()
      .map((entry) => JSON.stringify(entry.event))
      .filter((message) => {
        const event = parseAuditEvent(message);
        return event.objectRef?.resource === 'pods' && selectPodEvent(event) === null;
      });
    expect(reads).toHaveLength(2);
    for (const message of reads) expect(isCertainlyNotPodEvent(message)).toBe(true);
  });

  const goOrder = (ref: string, verb = 'get') =>
    `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Request","auditID":"a","stage":"ResponseComplete","requestURI":"/x","verb":"${verb}","user":{"username":"u","extra":{"objectRef":["{"]}},"objectRef":${ref},"requestReceivedTimestamp":"2026-11-26T09:00:00.000000Z"}`;
  it.each([
    {
      name: 'pod get',
      message: goOrder('{"resource":"pods","namespace":"a","name":"b","apiVersion":"v1"}'),
      expected: true,
    },
    {
      name: 'pods/status patch',
      message: goOrder('{"resource":"pods","name":"b","subresource":"status"}', 'patch'),
      expected: true,
    },
    {
      name: 'pods/binding create',
      message: goOrder('{"resource":"pods","name":"b","subresource":"binding"}', 'create'),
      expected: true,
    },
    {
      name: 'exec over WebSocket',
      message: goOrder('{"resource":"pods","name":"b","subresource":"exec"}'),
      expected: false,
    },
    {
      name: 'ephemeral containers patch',
      message: goOrder(
        '{"resource":"pods","name":"b","subresource":"ephemeralcontainers"}',
        'patch',
      ),
      expected: false,
    },
    {
      name: 'pod create',
      message: goOrder('{"resource":"pods","namespace":"a"}', 'create'),
      expected: false,
    },
    {
      name: 'a name holding }',
      message: goOrder('{"resource":"pods","name":"a}b","subresource":"exec"}'),
      expected: false,
    },
    {
      name: 'a name holding an escape',
      message: goOrder('{"resource":"pods","name":"a\\"}","subresource":"exec"}'),
      expected: false,
    },
    {
      name: 'pods named only in a body',
      message: goOrder(
        '{"resource":"subjectaccessreviews","apiGroup":"authorization.k8s.io"}',
      ).replace('"requestReceived', '"requestObject":{"resource":"pods"},"requestReceived'),
      expected: true,
    },
    {
      name: 'another key order',
      message: '{"annotations":{},"objectRef":{"resource":"pods"},"verb":"get","kind":"Event"}',
      expected: false,
    },
  ])('Go field order: $name → $expected', ({ message, expected }) => {
    expect(isCertainlyNotPodEvent(message)).toBe(expected);
  });

  it.each([
    {
      name: 'a lease update',
      message: '{"kind":"Event","objectRef":{"resource":"leases"}}',
      expected: true,
    },
    {
      name: 'spaced',
      message: '{ "kind": "Event", "objectRef": { "resource": "configmaps" } }',
      expected: true,
    },
    {
      name: 'pods with spaces',
      message: '{"kind":"Event","objectRef":{"resource" : "pods"}}',
      expected: false,
    },
    {
      name: 'pods spelled with escapes',
      message: '{"kind":"Event","objectRef":{"resource":"\\u0070ods"}}',
      expected: false,
    },
    { name: 'kind 0', message: '{"kind": 0}', expected: false },
    {
      name: 'truncated',
      message: '{"kind":"Event","objectRef":{"resource":"leases"[Truncated...]',
      expected: false,
    },
    { name: 'not JSON', message: 'time="2026" level=info', expected: false },
  ])('$name → $expected', ({ message, expected }) => {
    expect(isCertainlyNotPodEvent(message)).toBe(expected);
  });

  it('lets the sample log through in full for its pod events', () => {
    const toolbox = buildSampleAuditLog().find((e) => e.event.auditID === SAMPLE_IDS.toolboxCreate);
    expect(isCertainlyNotPodEvent(JSON.stringify(toolbox?.event))).toBe(false);
  });
});
