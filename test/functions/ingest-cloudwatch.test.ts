/**
 * The CloudWatch Logs ingest handler end to end: gzip+base64 subscription events in, findings in a
 * real DynamoDB API (dynalite always, moto_server when installed) and alerts through SNS (fauxqs)
 * into a subscribed SQS queue out. Date is frozen on the sample's day so retention windows hold.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/ingest/handler.ts';
import { renderSubject } from '../../lib/adapters/sns-message.ts';
import { buildSampleAuditLog, SAMPLE_IDS } from '../../lib/audit/sample-events.ts';
import {
  buildControlPayload,
  buildLogPayload,
  encodeLogPayload,
} from '../../lib/audit/sample-payloads.ts';
import {
  type IngestStack,
  SAMPLE_DAY_NOON,
  servers,
  startIngestStack,
  storedFindings,
  type Tables,
  WINDOW,
} from './helpers/ingest-stack.ts';
import {
  captureLogs,
  type LogCapture,
  lambdaContext,
  subscriptionEvent,
} from './helpers/lambda-events.ts';
import { ids, SAMPLE_FINDING_IDS } from './helpers/sample-expectations.ts';

const sampleLines = () => buildSampleAuditLog().map((entry) => JSON.stringify(entry.event));
const samplePayload = () => buildLogPayload(sampleLines());

/** The alerts of the sample: one per sensitive-file finding, with its message attributes. */
const SAMPLE_ALERTS = [
  { id: `${SAMPLE_IDS.execShadow}:sensitive-file`, severity: 'high', namespace: 'shop' },
  { id: `${SAMPLE_IDS.cpKubeconfig}:sensitive-file`, severity: 'critical', namespace: 'tools' },
  {
    id: `${SAMPLE_IDS.nodeDebuggerCreate}:sensitive-file`,
    severity: 'critical',
    namespace: 'default',
  },
  { id: `${SAMPLE_IDS.debugContainer}:sensitive-file`, severity: 'high', namespace: 'shop' },
].sort((a, b) => a.id.localeCompare(b.id));

const SAMPLE_COUNTS = {
  events: 22,
  podEvents: 15,
  evaluated: 10,
  unevaluated: 1,
  findings: 12,
  alerts: 4,
  malformed: 0,
  skipped: 4,
};

/** A smaller batch for the retry cases: the toolbox, the /etc/shadow exec, the node debugger. */
const CORE_AUDIT_IDS = [
  SAMPLE_IDS.toolboxCreate,
  SAMPLE_IDS.execShadow,
  SAMPLE_IDS.nodeDebuggerCreate,
];
const corePayload = () =>
  buildLogPayload(
    buildSampleAuditLog()
      .filter((entry) => CORE_AUDIT_IDS.includes(String(entry.event.auditID)))
      .map((entry) => JSON.stringify(entry.event)),
  );
const CORE_FINDING_IDS = SAMPLE_FINDING_IDS.filter((id) =>
  CORE_AUDIT_IDS.some((auditID) => id.startsWith(auditID)),
);
const CORE_ALERT_IDS = SAMPLE_ALERTS.map((alert) => alert.id).filter((id) =>
  CORE_AUDIT_IDS.some((auditID) => id.startsWith(auditID)),
);

/** The digest counters of the core batch: counted once whatever the deliveries. */
const CORE_COUNTS_BY_TYPE = { 'psp-violation': 2, 'pss-violation': 2, 'sensitive-file': 2 };

const alertIds = (alerts: readonly { body: { finding: { id: string } } }[]) =>
  alerts.map((alert) => alert.body.finding.id).sort();

describe.each(servers)('CloudWatch Logs ingest handler on $name and fauxqs', (server) => {
  let stack: IngestStack;
  let tables: Tables;
  let logs: LogCapture;
  const context = lambdaContext();
  const invoke = (event: unknown) => handler(event as never, context);
  /** byType of the sample day's hour buckets, summed. */
  const countsByType = async () => {
    const buckets = await tables.findings.readBuckets(
      'shop-prod',
      new Date(WINDOW.since),
      new Date(WINDOW.until),
    );
    const sums: Record<string, number> = {};
    for (const bucket of buckets) {
      for (const [type, count] of Object.entries(bucket.byType)) {
        sums[type] = (sums[type] ?? 0) + count;
      }
    }
    return sums;
  };

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

  const freshTables = async () => {
    tables = await stack.freshTables();
    logs.clear();
  };

  afterEach(async () => {
    await stack.receiveAlerts();
  });

  describe('batches of audit events', () => {
    beforeEach(freshTables);

    it('stores every finding of an audit-stream batch with the policy-set version, sends one alert per sensitive-file finding and writes one summary line', async () => {
      // Act
      const summary = await invoke(subscriptionEvent(samplePayload()));

      // Assess
      expect(summary).toMatchObject({
        ...SAMPLE_COUNTS,
        cluster: 'shop-prod',
        ignored: false,
        stored: 12,
        duplicates: 0,
        alertsSent: 4,
        alertsSuppressed: 0,
        policySetVersion: 'v000001',
        rejected: [],
      });
      const findings = await storedFindings(tables.findings);
      expect(ids(findings)).toEqual(SAMPLE_FINDING_IDS);
      expect(new Set(findings.map((f) => f.policySetVersion))).toEqual(new Set(['v000001']));
      expect(new Set(findings.map((f) => f.cluster))).toEqual(new Set(['shop-prod']));
      const alerts = (await stack.receiveAlerts()).sort((a, b) =>
        a.body.finding.id.localeCompare(b.body.finding.id),
      );
      expect(alertIds(alerts)).toEqual(SAMPLE_ALERTS.map((a) => a.id));
      for (const [index, alert] of alerts.entries()) {
        const expected = SAMPLE_ALERTS[index];
        const stored = await tables.findings.get(alert.body.finding.id);
        expect(alert.body).toEqual({ kind: 'psp-audit.alert', finding: stored });
        expect(alert.attributes).toEqual({
          severity: expected?.severity,
          cluster: 'shop-prod',
          namespace: expected?.namespace,
          type: 'sensitive-file',
        });
        expect(alert.subject).toBe(
          renderSubject(`psp-audit ${expected?.severity} shop-prod: ${stored?.summary}`),
        );
      }
      const summaries = logs.withMessage('batch evaluated');
      expect(summaries).toHaveLength(1);
      expect(summaries[0]).toMatchObject({
        level: 'INFO',
        ...SAMPLE_COUNTS,
        cluster: 'shop-prod',
        logStream: 'kube-apiserver-audit-6f0a9c1e4b7d2358a91e0c4f7b2d6a13',
        stored: 12,
        alertsSent: 4,
        rejected: 0,
        function_name: 'psp-audit-ingest',
      });
      const recorded = logs.withMessage('finding recorded');
      expect(recorded.map((line) => line.id).sort()).toEqual(ids(findings));
      expect(recorded[0]).not.toHaveProperty('reasons');
      expect(summaries[0]).not.toHaveProperty('recorded');
      expect(summaries[0]).toMatchObject({
        skippedBy: { 'request-received': 1, failed: 1, 'dry-run': 1, duplicate: 1 },
        skippedChecks: { 'psp-insignificant-update': 0, 'pss-insignificant-update': 1 },
      });
    });
  });

  describe('batches that store nothing', () => {
    beforeAll(async () => {
      tables = await stack.freshTables();
    });

    beforeEach(() => {
      logs.clear();
    });

    it.each([
      { name: 'a CONTROL_MESSAGE', payload: buildControlPayload(), skipped: 1 },
      {
        name: 'the authenticator stream of the same log group',
        payload: buildLogPayload(
          [
            'time="2026-11-26T09:01:12Z" level=info msg="access granted" username="kubernetes-admin"',
          ],
          { logStream: 'authenticator-2c4d8a1e6930b8e2f47c1d95a36e7f0b' },
        ),
        skipped: 1,
      },
      {
        name: 'audit events from a kube-apiserver (klog) stream',
        payload: buildLogPayload(sampleLines(), {
          logStream: 'kube-apiserver-6f0a9c1e4b7d2358a91e0c4f7b2d6a13',
        }),
        skipped: 22,
      },
    ])('ignores $name: nothing stored, nothing sent, one summary line', async (row) => {
      const summary = await invoke(subscriptionEvent(row.payload));

      expect(summary).toMatchObject({ ignored: true, events: 0, stored: 0, skipped: row.skipped });
      expect(await storedFindings(tables.findings)).toEqual([]);
      expect(await stack.receiveAlerts()).toEqual([]);
      expect(logs.withMessage('batch evaluated')).toMatchObject([
        { ignored: true, skipped: row.skipped, events: 0, findings: 0, alerts: 0 },
      ]);
    });

    const valid = encodeLogPayload(samplePayload());
    it.each([
      { name: 'data that is not base64', data: 'not base64 at all!', reason: 'not base64' },
      {
        name: 'a truncated payload',
        data: valid.slice(0, Math.floor(valid.length / 8) * 4),
        reason: 'not gzip data',
      },
      {
        name: 'base64 of plain text',
        data: Buffer.from('{"messageType":"DATA_MESSAGE"}').toString('base64'),
        reason: 'not gzip data',
      },
      {
        name: 'gzip of text that is not JSON',
        data: gzipSync('{"messageType":"DATA_MESSAGE",').toString('base64'),
        reason: 'not JSON after gunzip',
      },
      {
        name: 'gzip of a JSON string',
        data: encodeLogPayload('x'),
        reason: 'must be a JSON object',
      },
      {
        name: 'a payload without logEvents',
        data: encodeLogPayload({ ...samplePayload(), logEvents: undefined }),
        reason: 'logEvents must be an array',
      },
      { name: 'an empty data string', data: '', reason: 'log payload is empty' },
    ])('drops $name without throwing and logs why', async ({ data, reason }) => {
      const result = await invoke(subscriptionEvent(data));

      expect(result).toBeNull();
      const rejected = logs.withMessage('payload rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.level).toBe('ERROR');
      expect(String(rejected[0]?.reason)).toContain(reason);
      expect(logs.withMessage('batch evaluated')).toEqual([]);
      expect(await storedFindings(tables.findings)).toEqual([]);
      expect(await stack.receiveAlerts()).toEqual([]);
    });

    it.each([
      { name: 'no awslogs', event: {} },
      { name: 'awslogs.data a number', event: { awslogs: { data: 42 } } },
      { name: 'a null event', event: null },
    ])('drops an event with $name without throwing', async ({ event }) => {
      await expect(invoke(event)).resolves.toBeNull();
      expect(logs.withMessage('payload rejected')).toHaveLength(1);
    });
  });

  describe('redelivery, failures and bad records', () => {
    beforeEach(freshTables);

    it('stores the same findings and sends each alert once when the batch is delivered three times', async () => {
      // Prepare
      const event = subscriptionEvent(corePayload());

      // Act
      const summaries = [await invoke(event), await invoke(event), await invoke(event)];

      // Assess
      expect(
        summaries.map((s) => [s?.stored, s?.duplicates, s?.alertsSent, s?.alertsSuppressed]),
      ).toEqual([
        [6, 0, 2, 0],
        [0, 6, 0, 2],
        [0, 6, 0, 2],
      ]);
      expect(ids(await storedFindings(tables.findings))).toEqual(CORE_FINDING_IDS);
      expect(alertIds(await stack.receiveAlerts())).toEqual(CORE_ALERT_IDS);
      expect(await countsByType()).toEqual(CORE_COUNTS_BY_TYPE);
    });

    it('fails the batch when SNS refuses, and the retry sends each alert exactly once without duplicating findings', async () => {
      // Prepare
      const event = subscriptionEvent(corePayload());
      stack.setEnv({ ALERTS_TOPIC_ARN: `${stack.topicArn}-missing` });

      // Act
      const failed = invoke(event);

      // Assess
      await expect(failed).rejects.toMatchObject({
        name: 'AlertPublishError',
        failedFindingIds: expect.arrayContaining(CORE_ALERT_IDS),
      });
      expect(await stack.receiveAlerts()).toEqual([]);
      expect(ids(await storedFindings(tables.findings))).toEqual(CORE_FINDING_IDS);

      stack.setEnv({ ALERTS_TOPIC_ARN: stack.topicArn });
      const retried = await invoke(event);
      const again = await invoke(event);
      expect(retried).toMatchObject({ stored: 0, duplicates: 6, alertsSent: 2 });
      expect(again).toMatchObject({ stored: 0, alertsSent: 0, alertsSuppressed: 2 });
      expect(alertIds(await stack.receiveAlerts())).toEqual(CORE_ALERT_IDS);
      expect(ids(await storedFindings(tables.findings))).toEqual(CORE_FINDING_IDS);
      expect(await countsByType()).toEqual(CORE_COUNTS_BY_TYPE);
    });

    it.each([
      { name: 'findings table', variable: 'FINDINGS_TABLE' as const },
      { name: 'policies table', variable: 'POLICIES_TABLE' as const },
    ])(
      'fails the batch when the $name is unreachable, and the retry stores and alerts once',
      async ({ variable }) => {
        const event = subscriptionEvent(corePayload());
        const table = variable === 'FINDINGS_TABLE' ? tables.findingsTable : tables.policiesTable;
        stack.setEnv({ [variable]: `${table}-missing` });

        await expect(invoke(event)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
        expect(await stack.receiveAlerts()).toEqual([]);

        stack.setEnv({ [variable]: table });
        expect(await invoke(event)).toMatchObject({ stored: 6, alertsSent: 2 });
        expect(await invoke(event)).toMatchObject({ stored: 0, alertsSent: 0 });
        expect(alertIds(await stack.receiveAlerts())).toEqual(CORE_ALERT_IDS);
        expect(ids(await storedFindings(tables.findings))).toEqual(CORE_FINDING_IDS);
        expect(await countsByType()).toEqual(CORE_COUNTS_BY_TYPE);
      },
    );

    it('alerts once for an exec whose stages arrive in two batches of two streams', async () => {
      // Prepare: the /etc/shadow exec, stream opened then stream closed (same auditID)
      const [opened, closed] = buildSampleAuditLog()
        .filter((entry) => entry.event.auditID === SAMPLE_IDS.execShadow)
        .map((entry) => JSON.stringify(entry.event));

      // Act
      const first = await invoke(subscriptionEvent(buildLogPayload([String(opened)])));
      const second = await invoke(
        subscriptionEvent(
          buildLogPayload([String(closed)], {
            logStream: 'kube-apiserver-audit-0b8e2f47c1d95a36e7f0b2c4d8a1e693',
          }),
        ),
      );

      // Assess
      expect([first?.alertsSent, second?.alertsSent]).toEqual([1, 0]);
      expect([first?.stored, second?.duplicates]).toEqual([1, 1]);
      expect(alertIds(await stack.receiveAlerts())).toEqual([
        `${SAMPLE_IDS.execShadow}:sensitive-file`,
      ]);
    });

    it('reads payloads with keys it does not know (account-level policies, extracted fields)', async () => {
      const payload = corePayload();
      const event = subscriptionEvent({
        ...payload,
        policyLevel: 'ACCOUNT_LEVEL_POLICY',
        logEvents: payload.logEvents.map((entry) => ({ ...entry, extractedFields: {} })),
      });

      expect(await invoke(event)).toMatchObject({ stored: 6, alertsSent: 2, malformed: 0 });
      expect(ids(await storedFindings(tables.findings))).toEqual(CORE_FINDING_IDS);
    });

    it('counts and logs malformed messages with their context and stores the rest of the batch', async () => {
      // Prepare
      const lines = sampleLines();
      const truncated = `${lines[2]?.slice(0, 300)}[Truncated...]`;
      const messages = [
        ...lines.slice(0, 5),
        truncated,
        'I1126 09:00:03.500000      11 trace.go:205] not an audit event',
        JSON.stringify({ kind: 'EventList', items: [] }),
        ...lines.slice(5),
      ];

      // Act
      const summary = await invoke(subscriptionEvent(buildLogPayload(messages)));

      // Assess
      expect(summary).toMatchObject({ ...SAMPLE_COUNTS, malformed: 3, stored: 12, alertsSent: 4 });
      expect(ids(await storedFindings(tables.findings))).toEqual(SAMPLE_FINDING_IDS);
      expect(alertIds(await stack.receiveAlerts())).toEqual(SAMPLE_ALERTS.map((a) => a.id));
      const rejected = logs.withMessage('record rejected');
      expect(
        rejected.map((line) => [line.level, line.index, line.cluster, line.logStream]),
      ).toEqual([
        ['WARN', 5, 'shop-prod', 'kube-apiserver-audit-6f0a9c1e4b7d2358a91e0c4f7b2d6a13'],
        ['WARN', 6, 'shop-prod', 'kube-apiserver-audit-6f0a9c1e4b7d2358a91e0c4f7b2d6a13'],
        ['WARN', 7, 'shop-prod', 'kube-apiserver-audit-6f0a9c1e4b7d2358a91e0c4f7b2d6a13'],
      ]);
      expect(rejected[0]).toMatchObject({ auditID: SAMPLE_IDS.webCreate });
      for (const line of rejected) {
        expect(typeof line.recordId).toBe('string');
        expect(String(line.reason)).not.toBe('');
      }
      expect(logs.withMessage('batch evaluated')).toMatchObject([{ malformed: 3, rejected: 3 }]);
    });
  });
});
