/**
 * Fuzzing the CloudWatch Logs ingest handler end to end (dynalite, fauxqs) with fast-check and a
 * fixed seed: whatever the event and the payload, bad data never makes the handler throw, and
 * the good audit events of a batch are all recorded, exactly as evaluating them alone gives.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/ingest/handler.ts';
import { handler as kinesisHandler } from '../../functions/ingest/kinesis.ts';
import { buildSampleAuditLog, SAMPLE_IDS } from '../../lib/audit/sample-events.ts';
import { buildLogPayload, encodeLogPayload } from '../../lib/audit/sample-payloads.ts';
import { uuidFrom } from '../../lib/audit/sample-pods.ts';
import { evaluateBatch } from '../../lib/ingest/evaluate-batch.ts';
import { parsePssTarget } from '../../lib/pss/evaluate-pss.ts';
import { samplePolicySet } from '../helpers/audit-policies.ts';
import {
  type IngestStack,
  SAMPLE_DAY_NOON,
  servers,
  startIngestStack,
  type Tables,
} from './helpers/ingest-stack.ts';
import {
  captureLogs,
  kinesisEvent,
  type LogCapture,
  lambdaContext,
} from './helpers/lambda-events.ts';

const SEED = 20_261_126;
const dynalite = servers[0] as (typeof servers)[number];

/** Sample events that become findings, by name. */
const GOOD = Object.fromEntries(
  buildSampleAuditLog()
    .filter(
      (entry) =>
        [
          SAMPLE_IDS.toolboxCreate,
          SAMPLE_IDS.logShipperCreate,
          SAMPLE_IDS.nodeDebuggerCreate,
          SAMPLE_IDS.metadataOnlyCreate,
          SAMPLE_IDS.debugContainer,
        ].includes(String(entry.event.auditID)) && entry.event.stage === 'ResponseComplete',
    )
    .map((entry) => [String(entry.event.auditID), entry.event]),
);
const GOOD_NAMES = Object.keys(GOOD);

/** A good event under a fresh auditID, so runs never see each other's events as redeliveries. */
const renamed = (name: string, auditID: string) =>
  JSON.stringify({ ...(GOOD[name] as Record<string, unknown>), auditID });

/** Every path of a JSON value down to `depth`, for mutations. */
function pathsOf(
  value: unknown,
  depth = 6,
  prefix: (string | number)[] = [],
): (string | number)[][] {
  if (depth === 0 || typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((key) =>
      pathsOf((value as Record<string | number, unknown>)[key], depth - 1, [...prefix, key]),
    ),
  ];
}

/** A copy of `value` with the thing at `path` replaced (or removed when `replacement` is absent). */
function mutate(
  value: unknown,
  path: (string | number)[],
  replacement?: { value: unknown },
): unknown {
  if (path.length === 0) return replacement === undefined ? undefined : replacement.value;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (replacement === undefined) delete node[last];
  else node[last] = replacement.value;
  return copy;
}

const anyValue = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(null, '', 0, -1, true, [], {}, 'pods', 'Event', 'DATA_MESSAGE', '\u0000'),
);

/** A mutated copy of a good event, under its own auditID (or with the auditID itself mutated). */
const mutatedEvent = (run: string) =>
  fc
    .record({
      name: fc.constantFrom(...GOOD_NAMES),
      pick: fc.nat(),
      remove: fc.boolean(),
      value: anyValue,
    })
    .map(({ name, pick, remove, value }) => {
      const event = JSON.parse(renamed(name, uuidFrom(`${run}/mutant/${pick}`)));
      const paths = pathsOf(event).filter((path) => path.length > 0);
      const path = paths[pick % paths.length] ?? [];
      return JSON.stringify(mutate(event, path, remove ? undefined : { value }) ?? null);
    });

/** Messages that are not usable audit events. */
const badMessage = (run: string) =>
  fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
    fc.tuple(fc.constantFrom(...GOOD_NAMES), fc.nat()).map(([name, cut]) => {
      const text = renamed(name, uuidFrom(`${run}/truncated/${cut}`));
      return `${text.slice(0, cut % text.length)}[Truncated...]`;
    }),
    mutatedEvent(run),
  );

/** A payload field replaced by anything, or the payload itself replaced. */
const badPayload = fc.oneof(
  fc
    .record({
      field: fc.constantFrom('messageType', 'logGroup', 'logStream', 'logEvents', 'owner'),
      value: anyValue,
    })
    .map(({ field, value }) => ({ ...buildLogPayload([]), [field]: value })),
  fc.jsonValue({ maxDepth: 3 }),
  fc
    .array(
      fc.oneof(anyValue, fc.record({ id: anyValue, timestamp: anyValue, message: anyValue })),
      {
        maxLength: 4,
      },
    )
    .map((logEvents) => ({ ...buildLogPayload([]), logEvents })),
);

/** Whole subscription events as a misbehaving sender (or a bit flip) could deliver them. */
const badEvent = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record({ awslogs: fc.anything({ maxDepth: 2 }) }),
  fc.record({ awslogs: fc.record({ data: fc.string({ maxLength: 300 }) }) }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
    awslogs: { data: Buffer.from(bytes).toString('base64') },
  })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
    awslogs: { data: gzipSync(bytes).toString('base64') },
  })),
  badPayload.map((payload) => ({ awslogs: { data: encodeLogPayload(payload) } })),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
    const data = Buffer.from(
      encodeLogPayload(buildLogPayload([renamed(GOOD_NAMES[0] as string, 'flip')])),
      'base64',
    );
    data[at % data.length] = byte;
    return { awslogs: { data: data.toString('base64') } };
  }),
);

describe('CloudWatch Logs ingest handler under fuzzing (dynalite, fauxqs)', () => {
  let stack: IngestStack;
  let tables: Tables;
  let logs: LogCapture;
  const context = lambdaContext();
  const policySet = samplePolicySet(['eks-restrictive.yaml'], 'v000001');
  const pss = parsePssTarget('restricted@latest');

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(SAMPLE_DAY_NOON));
    logs = captureLogs();
    stack = await startIngestStack(dynalite);
    tables = await stack.freshTables();
  });

  afterAll(async () => {
    await stack?.stop();
    logs.restore();
    vi.useRealTimers();
  });

  it('never throws for a malformed event or payload', async () => {
    await fc.assert(
      fc.asyncProperty(badEvent, async (event) => {
        await handler(event as never, context);
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(logs.withMessage('payload rejected').length).toBeGreaterThan(0);
    logs.clear();
  });

  it('never throws for malformed Kinesis records, and reports none of them as failed', async () => {
    const record = fc.oneof(
      badEvent.map((event) => (event as { awslogs?: { data?: unknown } })?.awslogs?.data ?? ''),
      badPayload.map((payload) => encodeLogPayload(payload)),
    );
    const mangled = fc.oneof(
      fc.array(record, { maxLength: 4 }).map((data) => kinesisEvent(data as string[])),
      fc
        .tuple(fc.array(record, { minLength: 1, maxLength: 3 }), fc.nat(), anyValue)
        .map(([data, pick, value]) => {
          const event = kinesisEvent(data as string[]);
          const paths = pathsOf(event, 4).filter((path) => path.length > 0);
          return mutate(event, paths[pick % paths.length] ?? [], { value });
        }),
    );
    await fc.assert(
      fc.asyncProperty(mangled, async (event) => {
        const response = await kinesisHandler(event as never, context);
        expect(response).toEqual({ batchItemFailures: [] });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('records every good event of a batch whatever bad messages surround it', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...GOOD_NAMES), { minLength: 1, maxLength: 2 }),
        fc.array(fc.tuple(fc.nat(), badMessage(`fuzz/${SEED}`)), { maxLength: 5 }),
        async (names, bad) => {
          // Prepare
          run += 1;
          const good = names.map((name) => renamed(name, uuidFrom(`fuzz/${run}/${name}`)));
          const messages = [...good];
          for (const [at, message] of bad) messages.splice(at % (messages.length + 1), 0, message);
          const expected = evaluateBatch(
            { cluster: 'shop-prod', records: good.map((message, i) => ({ id: `${i}`, message })) },
            { policySet, pss },
          ).findings;

          // Act
          const summary = await handler(
            { awslogs: { data: encodeLogPayload(buildLogPayload(messages)) } } as never,
            context,
          );

          // Assess
          expect(summary?.ignored).toBe(false);
          expect(summary?.malformed).toBeLessThanOrEqual(bad.length);
          const stored = await Promise.all(expected.map((f) => tables.findings.get(f.id)));
          expect(stored).toEqual(expected);
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
    expect(logs.withMessage('record rejected').length).toBeGreaterThan(0);
    await stack.receiveAlerts();
  });
});
