import { describe, expect, it } from 'vitest';
import { evaluateBatch } from '../ingest/evaluate-batch.ts';
import { parsePssTarget } from '../pss/evaluate-pss.ts';
import { salvageTruncatedEvent } from './salvage-truncated-event.ts';
import { buildAuditEvent, podCreateEvent, toolboxPod } from './sample-events.ts';

const ALICE = { username: 'alice', groups: ['system:authenticated'] };
const LOG_TIME = Date.parse('2026-11-26T09:30:00.000Z');

/** The event as EKS writes one that is too large: cut inside its bodies, marked at the end. */
function cutShort(event: object, keep: number): string {
  return `${JSON.stringify(event).slice(0, keep)}[Truncated...]`;
}

const create = podCreateEvent({ auditID: 't-1', at: 1, user: ALICE, pod: toolboxPod() });
const inBody = JSON.stringify(create).indexOf('"requestObject"') + 200;

describe('Function: salvageTruncatedEvent', () => {
  it('keeps the metadata before the bodies and takes the time from the log event', () => {
    // Act
    const event = salvageTruncatedEvent(cutShort(create, inBody), LOG_TIME);
    // Assess
    expect(event).toMatchObject({
      kind: 'Event',
      auditID: 't-1',
      verb: 'create',
      stage: 'ResponseComplete',
      user: { username: 'alice' },
      objectRef: { resource: 'pods', namespace: 'shop' },
      responseStatus: { code: 201 },
      requestReceivedTimestamp: '2026-11-26T09:30:00.000Z',
      annotations: {},
      truncated: true,
    });
    expect(event).not.toHaveProperty('requestObject');
  });

  it.each([
    { name: 'a message cut before its bodies', message: cutShort(create, 200), time: LOG_TIME },
    { name: 'no log time to stand in', message: cutShort(create, inBody), time: undefined },
    { name: 'a log time of 0 (a replayed line)', message: cutShort(create, inBody), time: 0 },
    { name: 'not an audit Event', message: '{"kind":"Pod","requestObject":{', time: LOG_TIME },
    { name: 'not JSON at all', message: 'level=info msg="x"', time: LOG_TIME },
  ])('gives nothing for $name', ({ message, time }) => {
    expect(salvageTruncatedEvent(message, time)).toBeNull();
  });
});

describe('evaluateBatch with events cut short by the log pipeline', () => {
  const options = {
    policySet: { policies: [], rbac: null, version: null },
    pss: parsePssTarget('restricted'),
  };

  it('records a cut-short pod create as unevaluated, not malformed, and goes on', () => {
    // Prepare
    const configMap = buildAuditEvent({
      auditID: 'c-1',
      level: 'RequestResponse',
      verb: 'create',
      requestURI: '/api/v1/namespaces/tools/configmaps',
      at: 2,
      user: ALICE,
      objectRef: { resource: 'configmaps', namespace: 'tools', name: 'big', apiVersion: 'v1' },
      requestObject: { kind: 'ConfigMap', data: { a: 'x'.repeat(500) } },
      code: 201,
    });
    const records = [
      { id: 'r0', message: cutShort(create, inBody), timestamp: LOG_TIME },
      {
        id: 'r1',
        message: cutShort(configMap, JSON.stringify(configMap).indexOf('"requestObject"') + 50),
        timestamp: LOG_TIME,
      },
      { id: 'r2', message: '{"kind": 0}', timestamp: LOG_TIME },
    ];
    // Act
    const result = evaluateBatch({ cluster: 'c', records }, options);
    // Assess
    expect(result.findings.map((finding) => finding.id)).toEqual(['t-1:unevaluated']);
    expect(result.findings[0]).toMatchObject({
      type: 'unevaluated',
      namespace: 'shop',
      user: 'alice',
      time: '2026-11-26T09:30:00.000Z',
      reasons: [
        {
          field: 'body',
          message:
            'no pod body: the log pipeline cut the event short ([Truncated...]) and its bodies were lost',
        },
      ],
    });
    expect(result.counts).toMatchObject({ events: 2, podEvents: 1, unevaluated: 1, malformed: 1 });
    expect(result.rejected.map((rejected) => rejected.recordId)).toEqual(['r2']);
  });
});
