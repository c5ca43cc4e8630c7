import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InvalidAuditEventError } from '../errors.ts';
import { decodeCloudWatchLogsEvent, decodeLogPayload, isAuditStream } from './decode-log-events.ts';
import { buildControlPayload, buildLogPayload, encodeLogPayload } from './sample-payloads.ts';

const readEvent = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../events/${name}`, import.meta.url), 'utf8'));

describe('Function: decodeCloudWatchLogsEvent', () => {
  it('decodes the sample subscription event: group, stream, cluster and records', () => {
    // Act
    const batch = decodeCloudWatchLogsEvent(readEvent('cloudwatch-logs-event.json'));
    // Assess
    expect(batch).toMatchObject({
      logGroup: '/aws/eks/shop-prod/cluster',
      logStream: 'kube-apiserver-audit-6f0a9c1e4b7d2358a91e0c4f7b2d6a13',
      messageType: 'DATA_MESSAGE',
      cluster: 'shop-prod',
    });
    expect(batch.records.length).toBeGreaterThan(10);
    for (const record of batch.records) {
      expect(record.id).toMatch(/^\d{56}$/);
      expect(typeof record.timestamp).toBe('number');
      expect(JSON.parse(record.message).kind).toBe('Event');
    }
  });

  it.each([
    {
      name: 'no awslogs',
      event: {},
      reason: 'subscription event: awslogs must be an object, got undefined',
    },
    {
      name: 'data a number',
      event: { awslogs: { data: 5 } },
      reason: 'subscription event: awslogs.data must be a string, got number',
    },
    {
      name: 'null',
      event: null,
      reason: 'subscription event: awslogs must be an object, got undefined',
    },
  ])('rejects $name', ({ event, reason }) => {
    expect(() => decodeCloudWatchLogsEvent(event as never)).toThrow(
      new InvalidAuditEventError(reason),
    );
  });
});

describe('Function: decodeLogPayload', () => {
  it('decodes each record of the sample Kinesis event, control message and other streams included', () => {
    const records = readEvent('kinesis-event.json').Records as { kinesis: { data: string } }[];
    const batches = records.map((record) => decodeLogPayload(record.kinesis.data));
    expect(batches.map((b) => [b.messageType, isAuditStream(b.logStream), b.cluster])).toEqual([
      ['DATA_MESSAGE', true, 'shop-prod'],
      ['CONTROL_MESSAGE', false, null],
      ['DATA_MESSAGE', false, 'shop-prod'],
    ]);
  });

  it('keeps unknown payload keys out and falls back to the index for a missing id', () => {
    const payload = { ...buildLogPayload(['{}']), policyLevel: 'ACCOUNT_LEVEL_POLICY' };
    payload.logEvents = [{ message: '{}' } as never];
    const batch = decodeLogPayload(encodeLogPayload(payload));
    expect(batch.records).toEqual([{ id: '#0', timestamp: 0, message: '{}' }]);
  });

  it('keeps non-ASCII text (UTF-8 labels, µs latencies) intact', () => {
    const message = '{"annotations":{"apiserver.latency.k8s.io/total":"3.11µs","café":"☕"}}';
    const batch = decodeLogPayload(encodeLogPayload(buildLogPayload([message])));
    expect(batch.records[0]?.message).toBe(message);
  });

  it('decodes concatenated gzip members (Firehose raw delivery)', () => {
    const json = JSON.stringify(buildLogPayload(['a']));
    const half = Math.floor(json.length / 2);
    const data = Buffer.concat([gzipSync(json.slice(0, half)), gzipSync(json.slice(half))]);
    expect(decodeLogPayload(data.toString('base64')).records[0]?.message).toBe('a');
  });

  it('reads the log group of any cluster name, and null for other groups', () => {
    const of = (logGroup: string) =>
      decodeLogPayload(encodeLogPayload(buildLogPayload([], { logGroup }))).cluster;
    expect(of('/aws/eks/my.cluster-01/cluster')).toBe('my.cluster-01');
    expect(of('/aws/lambda/foo')).toBeNull();
    expect(decodeLogPayload(encodeLogPayload(buildControlPayload())).cluster).toBeNull();
  });

  const gzipJson = (value: unknown) => gzipSync(JSON.stringify(value)).toString('base64');
  it.each([
    { name: 'empty data', data: '', reason: /^log payload is empty$/ },
    {
      name: 'not base64',
      data: 'not base64!!',
      reason: /^log payload is not base64 \(11 characters/,
    },
    {
      name: 'base64 of plain text',
      data: Buffer.from('hello world!').toString('base64'),
      reason: /^log payload is not gzip data \(12 bytes\): incorrect header check$/,
    },
    {
      name: 'truncated gzip',
      data: gzipSync('x'.repeat(1000)).subarray(0, 12).toString('base64'),
      reason: /^log payload is not gzip data \(12 bytes\): unexpected end of file$/,
    },
    {
      name: 'gzip of non-JSON',
      data: gzipSync('level=info').toString('base64'),
      reason: /^log payload is not JSON after gunzip \(10 characters\)$/,
    },
    {
      name: 'a JSON array',
      data: gzipJson([]),
      reason: /^log payload must be a JSON object, got array$/,
    },
    {
      name: 'unknown messageType',
      data: gzipJson({ messageType: 'DATA' }),
      reason: /^log payload: messageType must be DATA_MESSAGE or CONTROL_MESSAGE, got "DATA"$/,
    },
    {
      name: 'logStream missing',
      data: gzipJson({ messageType: 'DATA_MESSAGE', logGroup: 'g' }),
      reason: /^log payload: logStream must be a string, got undefined$/,
    },
    {
      name: 'logEvents an object',
      data: gzipJson({ messageType: 'DATA_MESSAGE', logGroup: 'g', logStream: 's', logEvents: {} }),
      reason: /^log payload: logEvents must be an array, got object$/,
    },
    {
      name: 'a message that is not a string',
      data: gzipJson({
        messageType: 'DATA_MESSAGE',
        logGroup: 'g',
        logStream: 's',
        logEvents: [{ id: '1', message: {} }],
      }),
      reason: /^log payload: logEvents\[0\]\.message must be a string, got object$/,
    },
  ])('rejects $name with a precise reason', ({ data, reason }) => {
    expect(() => decodeLogPayload(data)).toThrow(InvalidAuditEventError);
    expect(() => decodeLogPayload(data)).toThrow(reason);
  });
});

describe('Function: isAuditStream', () => {
  it.each([
    ['kube-apiserver-audit-6f0a9c1e4b7d2358a91e0c4f7b2d6a13', true],
    ['kube-apiserver-6f0a9c1e4b7d2358a91e0c4f7b2d6a13', false],
    ['authenticator-6f0a9c1e4b7d2358a91e0c4f7b2d6a13', false],
    ['', false],
  ])('%s → %s', (stream, expected) => {
    expect(isAuditStream(stream)).toBe(expected);
  });
});
