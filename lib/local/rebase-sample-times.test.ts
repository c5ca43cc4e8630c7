import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rebaseSampleTimes } from './rebase-sample-times.ts';

function payloadOf(messages: string[]) {
  const payload = {
    messageType: 'DATA_MESSAGE',
    logGroup: '/aws/eks/demo/cluster',
    logStream: 'kube-apiserver-audit-00',
    logEvents: messages.map((message, i) => ({ id: String(i), timestamp: 1_000, message })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

function decode(event: { awslogs: { data: string } }) {
  return JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
}

describe('rebaseSampleTimes', () => {
  it('moves audit times forward by whole hours so the newest lies in the last hour', () => {
    // Prepare
    const event = payloadOf([
      JSON.stringify({
        auditID: 'a',
        requestReceivedTimestamp: '2026-01-01T10:15:00.123456Z',
        stageTimestamp: '2026-01-01T10:15:00.223456Z',
      }),
      JSON.stringify({
        auditID: 'b',
        requestReceivedTimestamp: '2026-01-01T11:20:00.000001Z',
        stageTimestamp: '2026-01-01T11:20:01.000001Z',
      }),
      'not json',
    ]);
    // Act
    const rebased = decode(rebaseSampleTimes(event, new Date('2026-01-03T12:00:00Z')));
    // Assess: 2 days exactly (48 h) later, microseconds kept, ids and bad lines untouched.
    const [a, b, bad] = rebased.logEvents;
    expect(JSON.parse(a.message)).toEqual({
      auditID: 'a',
      requestReceivedTimestamp: '2026-01-03T10:15:00.123456Z',
      stageTimestamp: '2026-01-03T10:15:00.223456Z',
    });
    expect(JSON.parse(b.message).stageTimestamp).toBe('2026-01-03T11:20:01.000001Z');
    expect(bad).toEqual({ id: '2', timestamp: 1_000, message: 'not json' });
    expect(a.timestamp).toBe(1_000 + 48 * 3_600_000);
  });

  it('puts the newest event in the last complete hour, not the current one', () => {
    const event = payloadOf([JSON.stringify({ stageTimestamp: '2026-01-01T09:07:00.5Z' })]);
    const rebased = decode(rebaseSampleTimes(event, new Date('2026-01-01T20:08:00Z')));
    expect(JSON.parse(rebased.logEvents[0].message).stageTimestamp).toBe('2026-01-01T19:07:00.5Z');
  });

  it('leaves a sample that is already recent as it is', () => {
    const event = payloadOf([JSON.stringify({ stageTimestamp: '2026-01-03T11:30:00Z' })]);
    expect(rebaseSampleTimes(event, new Date('2026-01-03T12:00:00Z'))).toBe(event);
  });
});
