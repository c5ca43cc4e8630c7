/**
 * Property tests: thousands of damaged events and payloads never throw out of the decoder (other
 * than its InvalidAuditEventError) or out of evaluateBatch, every record lands in one bucket, and
 * the good events of a batch make exactly the findings they make alone.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchOf } from '../../test/helpers/audit-batches.ts';
import { pss, restrictivePolicies } from '../../test/helpers/audit-policies.ts';
import { decodeCloudWatchLogsEvent, decodeLogPayload } from '../audit/decode-log-events.ts';
import { buildAuditBatch, buildSampleAuditLog } from '../audit/sample-events.ts';
import { buildLogPayload, encodeLogPayload } from '../audit/sample-payloads.ts';
import { InvalidAuditEventError } from '../errors.ts';
import type { Finding } from '../findings.ts';
import { type BatchResult, evaluateBatch } from './evaluate-batch.ts';

const OPTIONS = { policySet: restrictivePolicies(), pss: pss('restricted@v1.24') };
const SAMPLES = buildSampleAuditLog().map((entry) => entry.event);
const RUNS = 1500;

type Path = (string | number)[];

/** Every path to a value inside the event (keys and indices), depth-first. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length > 0) out.push(prefix);
  if (prefix.length >= 10 || typeof value !== 'object' || value === null) return out;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value);
  for (const [key, child] of entries) pathsOf(child, [...prefix, key], out);
  return out;
}

type Mutation = 'delete' | 'replace' | 'truncate' | 'splice';

/** One damaged copy of an event, as the message a log record would carry. */
function mutate(event: object, op: Mutation, at: number, value: unknown, text: string): string {
  const json = JSON.stringify(event);
  if (op === 'truncate') return json.slice(0, at % json.length);
  if (op === 'splice') {
    const cut = at % json.length;
    return `${json.slice(0, cut)}${text}${json.slice(cut)}`;
  }
  const copy = structuredClone(event) as Record<string | number, unknown>;
  const paths = pathsOf(copy);
  const path = paths[at % paths.length] as Path;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (op === 'delete' && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value;
  return JSON.stringify(copy);
}

const mutatedEvent = fc
  .record({
    event: fc.constantFrom(...SAMPLES),
    op: fc.constantFrom<Mutation>('delete', 'replace', 'replace', 'truncate', 'splice'),
    at: fc.nat(),
    value: fc.jsonValue({ maxDepth: 3 }),
    text: fc.string({ unit: 'binary', maxLength: 8 }),
  })
  .map(({ event, op, at, value, text }) => mutate(event, op, at, value, text));

const junkMessage = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.constant('{"kind": 0}'),
  mutatedEvent,
  mutatedEvent,
);

/** Bucket invariants of a result. */
function expectConsistent(result: BatchResult, records: number): void {
  const { counts } = result;
  expect(counts.events + counts.malformed).toBe(records);
  expect(counts.evaluated + counts.unevaluated + counts.skipped).toBe(counts.podEvents);
  expect(result.rejected).toHaveLength(counts.malformed);
  expect(counts.findings).toBe(result.findings.length);
  expect(counts.alerts).toBe(result.alerts.length);
  for (const finding of result.findings)
    expect(finding.id).toBe(`${finding.auditID}:${finding.type}`);
}

describe('Property: evaluateBatch on damaged input', () => {
  it('never throws, and counts every record once', () => {
    fc.assert(
      fc.property(fc.array(junkMessage, { maxLength: 8 }), (messages) => {
        const result = evaluateBatch(batchOf(messages), OPTIONS);
        expectConsistent(result, messages.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('takes records of any type', () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 5 }), (records) => {
        const input = { cluster: 'c', records: records as { id: string; message: string }[] };
        const result = evaluateBatch(input, OPTIONS);
        expectConsistent(result, records.length);
      }),
      { numRuns: 300 },
    );
  });

  it('makes, for every good event in a batch of junk, the findings it makes alone', () => {
    const good = buildAuditBatch(400, { podWriteShare: 0.2, seed: 7 });
    const alone = new Map<string, Finding>();
    for (const message of good) {
      for (const finding of evaluateBatch(batchOf([message]), OPTIONS).findings) {
        alone.set(finding.id, finding);
      }
    }
    expect(alone.size).toBeGreaterThan(50);
    fc.assert(
      fc.property(
        fc.subarray(good, { minLength: 1, maxLength: 12 }),
        fc.array(
          junkMessage.map((m) => m.replaceAll('"auditID":"', '"auditID":"junk-')),
          { maxLength: 12 },
        ),
        fc.nat(),
        (picked, junk, seed) => {
          // Interleave the good events among the junk, keeping their order.
          const messages = [...junk];
          for (const [i, message] of picked.entries()) {
            messages.splice((seed + i * 7) % (messages.length + 1), 0, message);
          }
          const result = evaluateBatch(batchOf(messages), OPTIONS);
          const goodIds = new Set(picked.map((m) => JSON.parse(m).auditID as string));
          const found = result.findings.filter((f) => goodIds.has(f.auditID));
          const expected = [...alone.values()].filter((f) => goodIds.has(f.auditID));
          expect(found.map((f) => f.id).sort()).toEqual(expected.map((f) => f.id).sort());
          for (const finding of found) expect(finding).toEqual(alone.get(finding.id));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('Property: decoding damaged payloads', () => {
  const expectDecodeOutcome = (decode: () => unknown) => {
    try {
      decode();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidAuditEventError);
    }
  };
  const valid = encodeLogPayload(buildLogPayload(buildAuditBatch(20)));

  it('returns a batch or throws InvalidAuditEventError for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expectDecodeOutcome(() => decodeLogPayload(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('… for gzip of any JSON, and any subscription event shape', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.anything(), (value, event) => {
        expectDecodeOutcome(() =>
          decodeLogPayload(gzipSync(JSON.stringify(value) ?? '').toString('base64')),
        );
        expectDecodeOutcome(() => decodeCloudWatchLogsEvent(event as never));
      }),
      { numRuns: RUNS },
    );
  });

  it('… for a real payload with bytes flipped or cut', () => {
    const bytes = Buffer.from(valid, 'base64');
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, xor, cut) => {
        const damaged = Buffer.from(bytes);
        const position = at % damaged.length;
        damaged[position] = (damaged[position] as number) ^ xor;
        const data = (cut ? damaged.subarray(0, position) : damaged).toString('base64');
        expectDecodeOutcome(() => decodeLogPayload(data));
      }),
      { numRuns: RUNS },
    );
  });
});
