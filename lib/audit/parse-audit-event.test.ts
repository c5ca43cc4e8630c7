import { describe, expect, it } from 'vitest';
import { InvalidAuditEventError } from '../errors.ts';
import { extractAuditId, parseAuditEvent } from './parse-audit-event.ts';

const AUDIT_ID = '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const base = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: AUDIT_ID,
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/default/pods',
  verb: 'create',
  user: { username: 'alice', groups: ['system:authenticated'] },
  objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 201 },
  requestReceivedTimestamp: '2026-11-26T09:00:00.123456Z',
  stageTimestamp: '2026-11-26T09:00:00.127667Z',
  annotations: { 'authorization.k8s.io/decision': 'allow' },
};
const message = (patch: Record<string, unknown>) => JSON.stringify({ ...base, ...patch });

describe('Function: parseAuditEvent', () => {
  it('reads an Event and keeps the microsecond timestamp as written', () => {
    const event = parseAuditEvent(message({}));
    expect(event.auditID).toBe(AUDIT_ID);
    expect(event.requestReceivedTimestamp).toBe('2026-11-26T09:00:00.123456Z');
    expect(event.objectRef).toEqual(base.objectRef);
  });

  it('accepts v1beta1 events and events with no apiVersion, requestURI or annotations', () => {
    const { apiVersion: _a, requestURI: _r, annotations: _n, ...bare } = base;
    const event = parseAuditEvent(JSON.stringify({ ...bare, timestamp: '2018-10-25T17:36:11Z' }));
    expect(event.requestURI).toBe('');
    expect(event.annotations).toEqual({});
  });

  it.each([
    {
      name: 'not JSON',
      input: 'level=info msg="hello"',
      reason: /^not JSON: syntax error/,
    },
    {
      name: 'truncated JSON',
      input: message({}).slice(0, 80),
      reason: /^not JSON: unexpected end of input after 80 characters/,
    },
    {
      name: 'EKS truncation mark',
      input: `${message({}).slice(0, 60)}[Truncated...]`,
      reason: /^truncated by the log pipeline/,
    },
    { name: 'empty message', input: '  ', reason: /^empty message$/ },
    {
      name: 'kind 0 (FAL-01-003)',
      input: '{"kind": 0}',
      reason: /^not an audit Event: kind must be "Event", got 0$/,
    },
    { name: 'a JSON array', input: '[1,2]', reason: /^not an audit Event: a JSON array$/ },
    { name: 'JSON null', input: 'null', reason: /^not an audit Event: a JSON null$/ },
    {
      name: 'an EventList',
      input: message({ kind: 'EventList' }),
      reason: /kind must be "Event", got "EventList"/,
    },
    {
      name: 'auditID a number',
      input: message({ auditID: 7 }),
      reason: /^auditID must be a string, got number$/,
    },
    {
      name: 'empty auditID',
      input: message({ auditID: '' }),
      reason: /^auditID must not be empty$/,
    },
    {
      name: 'no verb',
      input: message({ verb: undefined }),
      reason: /^verb must be a string, got undefined$/,
    },
    {
      name: 'user a string',
      input: message({ user: 'alice' }),
      reason: /^user must be an object, got string$/,
    },
    {
      name: 'groups with a number',
      input: message({ user: { username: 'a', groups: ['x', 1] } }),
      reason: /^user\.groups\[1\] must be a string, got number$/,
    },
    {
      name: 'objectRef.namespace a number',
      input: message({ objectRef: { resource: 'pods', namespace: 3 } }),
      reason: /^objectRef\.namespace must be a string, got number$/,
    },
    {
      name: 'objectRef an array',
      input: message({ objectRef: [] }),
      reason: /^objectRef must be an object, got array$/,
    },
    {
      name: 'code a string',
      input: message({ responseStatus: { code: '201' } }),
      reason: /^responseStatus\.code must be an integer, got string$/,
    },
    {
      name: 'annotation value an object',
      input: message({ annotations: { a: {} } }),
      reason: /^annotations\["a"\] must be a string, got object$/,
    },
    {
      name: 'timestamp not RFC 3339',
      input: message({ requestReceivedTimestamp: '1' }),
      reason: /^requestReceivedTimestamp must be an RFC 3339 time$/,
    },
    {
      name: 'impersonatedUser a number',
      input: message({ impersonatedUser: 1 }),
      reason: /^impersonatedUser must be an object, got number$/,
    },
  ])('rejects $name with a precise reason', ({ input, reason }) => {
    expect(() => parseAuditEvent(input)).toThrow(InvalidAuditEventError);
    expect(() => parseAuditEvent(input)).toThrow(reason);
  });

  it('never quotes the message in its reason', () => {
    const secret = 'hunter2-do-not-log';
    const inputs = [`{"password":"${secret}"`, `${secret} is not JSON`, `{"kind":"${secret}"}`];
    for (const input of inputs) {
      let reason = '';
      try {
        parseAuditEvent(input);
      } catch (error) {
        reason = (error as Error).message;
      }
      expect(reason).not.toBe('');
      expect(reason).not.toContain('hunter2');
    }
  });
});

describe('Function: extractAuditId', () => {
  it.each([
    { input: `{"kind":"Event","auditID":"${AUDIT_ID}","stage":[Truncated...]`, expected: AUDIT_ID },
    { input: '{"kind": 0}', expected: null },
    { input: '{"auditID":"<script>alert(1)</script>"}', expected: null },
    { input: 42, expected: null },
  ])('finds $expected', ({ input, expected }) => {
    expect(extractAuditId(input)).toBe(expected);
  });
});
