/**
 * The ingest sample events of `events/`: the ones this suite adds are what their generator builds
 * (compared decoded: gzip bytes may differ between zlib builds), and every subscription and
 * Kinesis sample goes through the handlers on dynalite and fauxqs.
 */
import { readFileSync } from 'node:fs';
import type { CloudWatchLogsEvent, KinesisStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as cloudWatchHandler } from '../../functions/ingest/handler.ts';
import { handler as kinesisHandler } from '../../functions/ingest/kinesis.ts';
import { decodeLogPayload } from '../../lib/audit/decode-log-events.ts';
import { renderIngestEventFiles } from './helpers/ingest-event-files.ts';
import {
  type IngestStack,
  SAMPLE_DAY_NOON,
  servers,
  startIngestStack,
  storedFindings,
  type Tables,
} from './helpers/ingest-stack.ts';
import { captureLogs, type LogCapture, lambdaContext } from './helpers/lambda-events.ts';

const REGENERATE =
  "regenerate with: npx tsx -e \"import('./test/functions/helpers/ingest-event-files.ts').then((m) => m.writeIngestEventFiles('events'))\"";
const files = renderIngestEventFiles();
const readEvent = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../events/${name}`, import.meta.url), 'utf8'));

/** A file's event with every gzip payload decoded (undecodable data kept as it is). */
function decoded(value: { awslogs?: { data: string }; Records?: { kinesis: { data: string } }[] }) {
  const decode = (data: string) => {
    try {
      return decodeLogPayload(data);
    } catch {
      return data;
    }
  };
  if (value.awslogs !== undefined) return decode(value.awslogs.data);
  return value.Records?.map((record) => ({
    ...record,
    kinesis: { ...record.kinesis, data: decode(record.kinesis.data) },
  }));
}

describe('events/ ingest samples', () => {
  it.each(Object.keys(files))('%s is what the generator builds', (name) => {
    expect(decoded(readEvent(name)), REGENERATE).toEqual(
      decoded(JSON.parse(files[name] as string)),
    );
  });
});

describe('events/ ingest samples through the handlers (dynalite, fauxqs)', () => {
  let stack: IngestStack;
  let tables: Tables;
  let logs: LogCapture;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(SAMPLE_DAY_NOON));
    logs = captureLogs();
    stack = await startIngestStack(servers[0] as (typeof servers)[number]);
    tables = await stack.freshTables();
  });

  afterAll(async () => {
    await stack?.stop();
    logs.restore();
    vi.useRealTimers();
  });

  it.each([
    {
      file: 'cloudwatch-logs-control-message.json',
      summary: { ignored: true, events: 0, skipped: 1 },
    },
    {
      file: 'cloudwatch-logs-authenticator-stream.json',
      summary: { ignored: true, events: 0, skipped: 1 },
    },
    {
      file: 'cloudwatch-logs-event.json',
      summary: { ignored: false, events: 14, malformed: 0, stored: 10, cluster: 'shop-prod' },
    },
    {
      file: 'cloudwatch-logs-malformed-records.json',
      summary: { ignored: false, events: 2, malformed: 3, stored: 2, cluster: 'shop-prod' },
    },
  ])('$file gives its summary', async ({ file, summary }) => {
    const result = await cloudWatchHandler(readEvent(file) as CloudWatchLogsEvent, lambdaContext());

    expect(result).toMatchObject(summary);
  });

  it.each([
    { file: 'kinesis-event.json', clusters: ['shop-prod'], rejected: 0 },
    { file: 'kinesis-bad-record.json', clusters: ['shop-prod'], rejected: 1 },
    { file: 'kinesis-two-clusters.json', clusters: ['payments-prod', 'shop-prod'], rejected: 0 },
  ])('$file goes through without a failed record', async ({ file, clusters, rejected }) => {
    logs.clear();
    const before = new Set((await storedFindings(tables.findings)).map((f) => f.id));

    const result = await kinesisHandler(
      readEvent(file) as KinesisStreamEvent,
      lambdaContext('psp-audit-ingest-kinesis'),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(logs.withMessage('payload rejected')).toHaveLength(rejected);
    const added = (await storedFindings(tables.findings)).filter((f) => !before.has(f.id));
    expect([...new Set(added.map((f) => f.cluster))].sort()).toEqual(clusters);
    await stack.receiveAlerts();
  });
});
