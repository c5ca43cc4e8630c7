/**
 * The Kinesis ingest handler end to end: records whose data is the CloudWatch Logs gzip payload
 * (cross-account destination), on a real DynamoDB API and fauxqs. Undecodable records are
 * dropped; a failing dependency reports the record and every later one as batch item failures
 * (ReportBatchItemFailures), and Lambda's retry from there duplicates nothing.
 */
import type { KinesisStreamBatchResponse } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/ingest/kinesis.ts';
import {
  buildSampleAuditLog,
  podCreateEvent,
  SAMPLE_IDS,
  toolboxPod,
} from '../../lib/audit/sample-events.ts';
import {
  buildControlPayload,
  buildLogPayload,
  encodeLogPayload,
} from '../../lib/audit/sample-payloads.ts';
import { uuidFrom } from '../../lib/audit/sample-pods.ts';
import {
  type IngestStack,
  SAMPLE_DAY_NOON,
  servers,
  startIngestStack,
  storedFindings,
  type Tables,
} from './helpers/ingest-stack.ts';
import {
  captureLogs,
  kinesisEvent,
  type LogCapture,
  lambdaContext,
} from './helpers/lambda-events.ts';
import { ids, SAMPLE_FINDING_IDS } from './helpers/sample-expectations.ts';

const lines = buildSampleAuditLog().map((entry) => JSON.stringify(entry.event));
/** The sample log in two records of two audit streams (no auditID spans both). */
const firstHalf = () => buildLogPayload(lines.slice(0, 11));
const secondHalf = () =>
  buildLogPayload(lines.slice(11), {
    logStream: 'kube-apiserver-audit-0b8e2f47c1d95a36e7f0b2c4d8a1e693',
  });
const authenticator = () =>
  buildLogPayload(['time="2026-11-26T09:01:12Z" level=info msg="access granted"'], {
    logStream: 'authenticator-2c4d8a1e6930b8e2f47c1d95a36e7f0b',
  });
const otherCluster = (logGroup: string, auditID: string) =>
  buildLogPayload(
    [
      JSON.stringify(
        podCreateEvent({
          auditID,
          at: 60,
          user: { username: 'kubernetes-admin', groups: ['system:masters'] },
          pod: toolboxPod(),
        }),
      ),
    ],
    { logGroup },
  );

/** A smaller sample for the retry cases: the toolbox, then the /etc/shadow exec and the node debugger. */
const coreRecords = () => [
  buildLogPayload(lines.slice(4, 6)),
  buildLogPayload([lines[8], lines[9], lines[12]].map(String), {
    logStream: 'kube-apiserver-audit-0b8e2f47c1d95a36e7f0b2c4d8a1e693',
  }),
];
const CORE_FINDING_IDS = [
  `${SAMPLE_IDS.toolboxCreate}:psp-violation`,
  `${SAMPLE_IDS.toolboxCreate}:pss-violation`,
  `${SAMPLE_IDS.execShadow}:sensitive-file`,
  `${SAMPLE_IDS.nodeDebuggerCreate}:psp-violation`,
  `${SAMPLE_IDS.nodeDebuggerCreate}:pss-violation`,
  `${SAMPLE_IDS.nodeDebuggerCreate}:sensitive-file`,
].sort();
const CORE_ALERT_IDS = [
  `${SAMPLE_IDS.execShadow}:sensitive-file`,
  `${SAMPLE_IDS.nodeDebuggerCreate}:sensitive-file`,
].sort();

const SAMPLE_ALERT_IDS = [
  `${SAMPLE_IDS.execShadow}:sensitive-file`,
  `${SAMPLE_IDS.cpKubeconfig}:sensitive-file`,
  `${SAMPLE_IDS.nodeDebuggerCreate}:sensitive-file`,
  `${SAMPLE_IDS.debugContainer}:sensitive-file`,
].sort();

describe.each(servers)('Kinesis ingest handler on $name and fauxqs', (server) => {
  let stack: IngestStack;
  let tables: Tables;
  let logs: LogCapture;
  const context = lambdaContext('psp-audit-ingest-kinesis');
  const invoke = (payloads: readonly unknown[]) =>
    handler(kinesisEvent(payloads), context) as Promise<KinesisStreamBatchResponse>;
  const sequenceNumbers = (payloads: readonly unknown[]) =>
    kinesisEvent(payloads).Records.map((record) => record.kinesis.sequenceNumber);

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(SAMPLE_DAY_NOON));
    logs = captureLogs();
    stack = await startIngestStack(server);
  });

  afterAll(async () => {
    await stack?.stop();
    logs.restore();
    vi.useRealTimers();
  });

  beforeEach(async () => {
    tables = await stack.freshTables();
    logs.clear();
  });

  afterEach(async () => {
    await stack.receiveAlerts();
  });

  it('stores the findings of every good record, drops the bad one, and reports no failure', async () => {
    // Prepare
    const payloads = [
      firstHalf(),
      'H4sIAAAAAAAAA+1djXPbtpL/VzKa187dXCDhkyA103nnOnKeL4njsdP2vXvKZEAAtHmmSJak',
      buildControlPayload(),
      secondHalf(),
      authenticator(),
    ];

    // Act
    const response = await invoke(payloads);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ids(await storedFindings(tables.findings))).toEqual(SAMPLE_FINDING_IDS);
    const alerts = await stack.receiveAlerts();
    expect(alerts.map((a) => a.body.finding.id).sort()).toEqual(SAMPLE_ALERT_IDS);
    expect(new Set(alerts.map((a) => a.attributes.cluster))).toEqual(new Set(['shop-prod']));
    expect(logs.withMessage('payload rejected')).toMatchObject([
      { level: 'ERROR', sequenceNumber: sequenceNumbers(payloads)[1] },
    ]);
    const sequences = sequenceNumbers(payloads);
    expect(
      logs
        .withMessage('batch evaluated')
        .map((line) => [line.sequenceNumber, line.logStream, line.ignored, line.findings]),
    ).toEqual([
      [sequences[0], 'kube-apiserver-audit-6f0a9c1e4b7d2358a91e0c4f7b2d6a13', false, 5],
      [sequences[2], undefined, true, 0],
      [sequences[3], 'kube-apiserver-audit-0b8e2f47c1d95a36e7f0b2c4d8a1e693', false, 7],
      [sequences[4], 'authenticator-2c4d8a1e6930b8e2f47c1d95a36e7f0b', true, 0],
    ]);
  });

  it('takes the cluster from each record, and CLUSTER_NAME when the log group is not an EKS one', async () => {
    const payloads = [
      otherCluster('/aws/eks/payments-prod/cluster', uuidFrom('kinesis/payments')),
      otherCluster('/custom/audit-forwarder', uuidFrom('kinesis/custom')),
      firstHalf(),
    ];

    expect(await invoke(payloads)).toEqual({ batchItemFailures: [] });

    const clusterOf = new Map(
      (await storedFindings(tables.findings)).map((f) => [f.auditID, f.cluster]),
    );
    expect([
      clusterOf.get(uuidFrom('kinesis/payments')),
      clusterOf.get(uuidFrom('kinesis/custom')),
      clusterOf.get(SAMPLE_IDS.toolboxCreate),
    ]).toEqual(['payments-prod', 'kinesis-default', 'shop-prod']);
  });

  it('stores the same findings and sends each alert once when the records come three times', async () => {
    const payloads = coreRecords();

    const responses = [await invoke(payloads), await invoke(payloads), await invoke(payloads)];

    expect(responses).toEqual([
      { batchItemFailures: [] },
      { batchItemFailures: [] },
      { batchItemFailures: [] },
    ]);
    expect(ids(await storedFindings(tables.findings))).toEqual(CORE_FINDING_IDS);
    const alerts = await stack.receiveAlerts();
    expect(alerts.map((a) => a.body.finding.id).sort()).toEqual(CORE_ALERT_IDS);
  });

  it.each([
    { name: 'SNS refuses', variable: 'ALERTS_TOPIC_ARN' as const },
    { name: 'the findings table is missing', variable: 'FINDINGS_TABLE' as const },
  ])(
    'reports the failing record and the later ones when $name, and the retry from there duplicates nothing',
    async ({ variable }) => {
      // Prepare: the control message goes through; the sessions record, with alerts, fails
      const [toolbox, sessions] = coreRecords();
      const payloads = [buildControlPayload(), sessions, authenticator(), toolbox];
      const sequences = sequenceNumbers(payloads);
      const good = variable === 'ALERTS_TOPIC_ARN' ? stack.topicArn : tables.findingsTable;
      stack.setEnv({ [variable]: `${good}-missing` });

      // Act
      const failed = await invoke(payloads);
      stack.setEnv({ [variable]: good });
      // Lambda retries from the first failed record: the same records with the same data.
      const retried = await invoke(payloads.slice(1));
      const again = await invoke(payloads.slice(1));

      // Assess
      expect(failed).toEqual({
        batchItemFailures: sequences.slice(1).map((itemIdentifier) => ({ itemIdentifier })),
      });
      expect(logs.withMessage('record failed, will be retried')).toMatchObject([
        { level: 'ERROR', sequenceNumber: sequences[1] },
      ]);
      expect(retried).toEqual({ batchItemFailures: [] });
      expect(again).toEqual({ batchItemFailures: [] });
      expect(ids(await storedFindings(tables.findings))).toEqual(CORE_FINDING_IDS);
      const alerts = await stack.receiveAlerts();
      expect(alerts.map((a) => a.body.finding.id).sort()).toEqual(CORE_ALERT_IDS);
    },
  );

  it.each([
    { name: 'a record whose data is not base64', data: '%%%' },
    { name: 'an empty record', data: '' },
    { name: 'gzip of an empty object', data: encodeLogPayload({}) },
  ])('drops $name and goes on with the next record', async ({ data }) => {
    const payloads = [data, firstHalf()];

    expect(await invoke(payloads)).toEqual({ batchItemFailures: [] });
    expect(logs.withMessage('payload rejected')).toHaveLength(1);
    expect(logs.withMessage('batch evaluated')).toMatchObject([{ findings: 5, stored: 5 }]);
  });
});
