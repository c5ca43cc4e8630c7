/**
 * The CloudWatch metrics (EMF lines) of the ingest handlers, with metrics enabled: each cluster's
 * counts under its own `cluster` dimension, also when one Kinesis invocation carries the records
 * of several clusters, and no warning about overwritten dimensions.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // Read when lib/logger.ts builds the Metrics instance, before the imports below run.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  process.env.POWERTOOLS_METRICS_NAMESPACE = 'PspAuditTest';
});

import { handler as cloudWatchHandler } from '../../functions/ingest/handler.ts';
import { handler as kinesisHandler } from '../../functions/ingest/kinesis.ts';
import { podCreateEvent, toolboxPod, webPod } from '../../lib/audit/sample-events.ts';
import { buildControlPayload, buildLogPayload } from '../../lib/audit/sample-payloads.ts';
import { uuidFrom } from '../../lib/audit/sample-pods.ts';
import {
  type IngestStack,
  SAMPLE_DAY_NOON,
  servers,
  startIngestStack,
} from './helpers/ingest-stack.ts';
import {
  captureLogs,
  kinesisEvent,
  type LogCapture,
  lambdaContext,
  subscriptionEvent,
} from './helpers/lambda-events.ts';

const ADMIN = { username: 'kubernetes-admin', groups: ['system:masters'] };

/** A batch of one cluster: `toolboxes` privileged pods (2 findings each) and one compliant pod. */
const clusterBatch = (cluster: string, toolboxes: number) =>
  buildLogPayload(
    [
      ...Array.from({ length: toolboxes }, (_, i) =>
        podCreateEvent({
          auditID: uuidFrom(`metrics/${cluster}/${i}`),
          at: 70 + i,
          user: ADMIN,
          pod: { ...toolboxPod(), name: `toolbox-${i}` },
        }),
      ),
      podCreateEvent({
        auditID: uuidFrom(`metrics/${cluster}/web`),
        at: 80,
        user: ADMIN,
        pod: webPod(),
      }),
    ].map((event) => JSON.stringify(event)),
    { logGroup: `/aws/eks/${cluster}/cluster` },
  );

interface EmfLine {
  cluster?: string;
  [metric: string]: unknown;
}

/** The application metrics of the EMF lines (the ColdStart line left out), by their values. */
function emfLines(logs: LogCapture): EmfLine[] {
  return logs.lines
    .filter((line) => '_aws' in line && !('ColdStart' in line))
    .map((line) => {
      const { _aws, level: _level, message: _message, service: _service, ...rest } = line;
      return rest as EmfLine;
    });
}

describe('ingest metrics (dynalite, fauxqs)', () => {
  let stack: IngestStack;
  let logs: LogCapture;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(SAMPLE_DAY_NOON));
    logs = captureLogs();
    stack = await startIngestStack(servers[0] as (typeof servers)[number]);
    // startIngestStack disables metrics for the other suites; this one reads them.
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  });

  afterAll(async () => {
    await stack?.stop();
    logs.restore();
    vi.useRealTimers();
  });

  beforeEach(async () => {
    await stack.freshTables();
    logs.clear();
  });

  it('puts the counts of a CloudWatch Logs batch under its cluster', async () => {
    await cloudWatchHandler(subscriptionEvent(clusterBatch('shop-prod', 2)), lambdaContext());

    expect(emfLines(logs)).toEqual([
      {
        cluster: 'shop-prod',
        AuditEvents: 3,
        PodEvents: 3,
        Unevaluated: 0,
        FindingsStored: 4,
        AlertsSent: 0,
        MalformedRecords: 0,
      },
    ]);
  });

  it('puts each cluster of a Kinesis invocation under its own dimension, without warnings', async () => {
    // Prepare
    const event = kinesisEvent([
      clusterBatch('payments-prod', 1),
      'garbage',
      clusterBatch('shop-prod', 2),
      buildControlPayload(),
      clusterBatch('payments-prod', 0),
    ]);

    // Act
    await kinesisHandler(event, lambdaContext('psp-audit-ingest-kinesis'));

    // Assess
    const lines = emfLines(logs);
    expect(lines).toHaveLength(3);
    expect(lines).toEqual(
      expect.arrayContaining([
        { MalformedPayloads: 1, IgnoredBatches: 1 },
        {
          cluster: 'payments-prod',
          AuditEvents: 3,
          PodEvents: 3,
          Unevaluated: 0,
          FindingsStored: 2,
          AlertsSent: 0,
          MalformedRecords: 0,
        },
        {
          cluster: 'shop-prod',
          AuditEvents: 3,
          PodEvents: 3,
          Unevaluated: 0,
          FindingsStored: 4,
          AlertsSent: 0,
          MalformedRecords: 0,
        },
      ]),
    );
    expect(logs.lines.filter((line) => line.level === 'WARN')).toEqual([]);
  });

  it.each([
    { name: 'a control message', data: buildControlPayload(), metric: { IgnoredBatches: 1 } },
    { name: 'an undecodable payload', data: 'garbage', metric: { MalformedPayloads: 1 } },
  ])('counts $name without a cluster dimension', async ({ data, metric }) => {
    await cloudWatchHandler(subscriptionEvent(data), lambdaContext());

    expect(emfLines(logs)).toEqual([metric]);
  });
});
