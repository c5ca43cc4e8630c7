/**
 * The CloudWatch Logs ingest handler end to end on dynalite and fauxqs (in-process, so figures
 * show our overhead and round trips, not AWS latency): a busy cluster's batch of 1,000 audit
 * events (5 % pod creates) decoded, evaluated, stored and alerted, new each time and redelivered.
 */
import { afterAll, beforeAll, bench, describe, vi } from 'vitest';
import { handler } from '../../functions/ingest/handler.ts';
import { buildAuditBatch } from '../../lib/audit/sample-events.ts';
import { buildLogPayload } from '../../lib/audit/sample-payloads.ts';
import {
  type IngestStack,
  SAMPLE_DAY_NOON,
  servers,
  startIngestStack,
} from '../functions/helpers/ingest-stack.ts';
import {
  captureLogs,
  type LogCapture,
  lambdaContext,
  subscriptionEvent,
} from '../functions/helpers/lambda-events.ts';

const EVENTS = 1_000;
const context = lambdaContext();
const events = Array.from({ length: 12 }, (_, seed) =>
  subscriptionEvent(buildLogPayload(buildAuditBatch(EVENTS, { seed: seed + 1 }))),
);
let stack: IngestStack;
let logs: LogCapture;
let round = 0;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(SAMPLE_DAY_NOON));
  logs = captureLogs();
  stack = await startIngestStack(servers[0] as (typeof servers)[number]);
  await stack.freshTables();
  await handler(events[0] as never, context);
});

afterAll(async () => {
  await stack?.receiveAlerts();
  await stack?.stop();
  logs.restore();
  vi.useRealTimers();
});

describe(`ingest handler, ${EVENTS} audit events per batch (dynalite, fauxqs)`, () => {
  bench(
    'new batch',
    async () => {
      round += 1;
      await handler(events[round % events.length] as never, context);
      logs.clear();
    },
    { iterations: 5, warmupIterations: 0 },
  );

  bench(
    'redelivered batch',
    async () => {
      await handler(events[0] as never, context);
      logs.clear();
    },
    { iterations: 5, warmupIterations: 0 },
  );
});
