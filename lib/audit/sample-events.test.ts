import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCloudWatchLogsEvent, decodeLogPayload } from './decode-log-events.ts';
import { parseAuditEvent } from './parse-audit-event.ts';
import { buildAuditBatch, buildSampleAuditLog, sampleTime } from './sample-events.ts';
import { renderSampleEventFiles } from './sample-payloads.ts';

const REGENERATE =
  "regenerate with: npx tsx -e \"import('./lib/audit/sample-payloads.ts').then((m) => m.writeSampleEventFiles('events'))\"";
const readEvents = (name: string) =>
  readFileSync(new URL(`../../events/${name}`, import.meta.url), 'utf8');

/** What a subscription or Kinesis file says once decoded: the batches, not the gzip bytes. */
function decodedFile(name: string, text: string): unknown {
  const value = JSON.parse(text);
  if (name === 'cloudwatch-logs-event.json') return decodeCloudWatchLogsEvent(value);
  return value.Records.map((record: { kinesis: { data: string } }) => ({
    ...record,
    kinesis: { ...record.kinesis, data: decodeLogPayload(record.kinesis.data) },
  }));
}

describe('events/ sample files', () => {
  it.each(Object.entries(renderSampleEventFiles()))(
    '%s is what the generator builds',
    (name, text) => {
      const stored = readEvents(name);
      if (name.endsWith('.jsonl')) expect(stored, REGENERATE).toBe(text);
      else expect(decodedFile(name, stored), REGENERATE).toEqual(decodedFile(name, text));
    },
  );
});

describe('Function: buildSampleAuditLog', () => {
  it('builds only well-formed audit events, each with a label', () => {
    for (const entry of buildSampleAuditLog()) {
      expect(entry.label).not.toBe('');
      expect(() => parseAuditEvent(JSON.stringify(entry.event))).not.toThrow();
    }
  });
});

describe('Function: buildAuditBatch', () => {
  it('makes the asked share of pod writes, all parseable, the same on every run', () => {
    const batch = buildAuditBatch(2000, { podWriteShare: 0.05 });
    const writes = batch.filter((m) => {
      const event = parseAuditEvent(m);
      return (
        event.objectRef?.resource === 'pods' &&
        event.verb === 'create' &&
        !event.objectRef.subresource
      );
    });
    expect(writes).toHaveLength(100);
    expect(buildAuditBatch(50)).toEqual(buildAuditBatch(50));
  });
});

describe('Function: sampleTime', () => {
  it.each([
    [0, '2026-11-26T09:00:00.000000Z'],
    [1.2345675, '2026-11-26T09:00:01.234568Z'],
    [61.000001, '2026-11-26T09:01:01.000001Z'],
  ])('%s s → %s', (seconds, expected) => {
    expect(sampleTime(seconds)).toBe(expected);
  });
});
