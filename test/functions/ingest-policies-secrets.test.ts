/**
 * The ingest handler and what it reads and writes around the findings: the stored policy set
 * (its version on every finding, a new import picked up after POLICY_REFRESH_SECONDS) and the
 * secrets in audit events (never stored, never sent, never logged).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/ingest/handler.ts';
import {
  buildSampleAuditLog,
  execEvent,
  podCreateEvent,
  SAMPLE_IDS,
  type SampleUser,
  toolboxPod,
} from '../../lib/audit/sample-events.ts';
import { buildLogPayload } from '../../lib/audit/sample-payloads.ts';
import { sampleContainer, uuidFrom } from '../../lib/audit/sample-pods.ts';
import {
  type IngestStack,
  SAMPLE_DAY_NOON,
  samplePolicyObjects,
  servers,
  startIngestStack,
  storedFindings,
} from './helpers/ingest-stack.ts';
import {
  captureLogs,
  type LogCapture,
  lambdaContext,
  subscriptionEvent,
} from './helpers/lambda-events.ts';

const BOB: SampleUser = {
  username: 'arn:aws:sts::111122223333:assumed-role/Developer/bob',
  groups: ['system:authenticated'],
};

const toolboxCreate = (auditID: string) =>
  JSON.stringify(podCreateEvent({ auditID, at: 40, user: BOB, pod: toolboxPod() }));

/** Secret values planted in the events below and in the sample log. */
const SECRETS = [
  'Tr0ub4dor-and-3',
  'tok_live_9f8e7d6c5b4a',
  'ek_4c0ffee5ecret',
  'pgS3cretPass',
  'abcdEFGH1234ijkl',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAIOSFODNN7EXAMPLE',
  'sk_live_7Hq2vX9pLm4Rt8Wz',
  'hunter2',
];

const SECRET_IDS = { backup: uuidFrom('secrets/backup-agent'), exec: uuidFrom('secrets/exec') };

/** A backup agent with credentials in args and env that mounts the Docker socket (an alert). */
const backupAgentCreate = () =>
  podCreateEvent({
    auditID: SECRET_IDS.backup,
    at: 50,
    user: BOB,
    pod: {
      namespace: 'payments',
      name: 'backup-agent',
      spec: {
        containers: [
          sampleContainer({
            name: 'agent',
            image: 'registry.example.com/backup-agent:2.4',
            args: ['--db-password=Tr0ub4dor-and-3', '--api-token', 'tok_live_9f8e7d6c5b4a'],
            env: [
              { name: 'BACKUP_ENCRYPTION_KEY', value: 'ek_4c0ffee5ecret' },
              { name: 'DATABASE_URL', value: 'postgres://backup:pgS3cretPass@db:5432/app' },
            ],
            volumeMounts: [{ name: 'docker', mountPath: '/var/run/docker.sock' }],
          }),
        ],
        volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }],
      },
    },
  });

/** An exec that reads /etc/shadow (an alert) with a bearer token in the same script. */
const tokenExec = () =>
  execEvent({
    auditID: SECRET_IDS.exec,
    at: 55,
    user: BOB,
    namespace: 'payments',
    pod: 'backup-agent',
    container: 'agent',
    command: [
      'sh',
      '-c',
      'cat /etc/shadow; curl -H "Authorization: Bearer abcdEFGH1234ijkl" https://example.com',
    ],
  });

describe.each(servers)('ingest handler with stored policies and secrets on $name', (server) => {
  let stack: IngestStack;
  let logs: LogCapture;
  const context = lambdaContext();
  const invoke = (messages: string[]) =>
    handler(subscriptionEvent(buildLogPayload(messages)) as never, context);

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

  afterEach(async () => {
    vi.setSystemTime(new Date(SAMPLE_DAY_NOON));
    stack.setEnv({ POLICY_REFRESH_SECONDS: '30' });
    await stack.receiveAlerts();
  });

  it.each([{ refresh: 1 }, { refresh: 30 }])(
    'records the policy-set version and picks up a new import once $refresh s have passed',
    async ({ refresh }) => {
      // Prepare: eks.restrictive alone denies the privileged toolbox (v000001)
      const tables = await stack.freshTables({ policies: ['eks-restrictive.yaml'] });
      stack.setEnv({ POLICY_REFRESH_SECONDS: String(refresh) });
      const id = (step: string) => uuidFrom(`policies/${refresh}/${step}`);
      const start = Date.parse(SAMPLE_DAY_NOON);

      // Act
      const first = await invoke([toolboxCreate(id('first'))]);
      // eks.privileged, bound to every authenticated user, admits it (v000002)
      await tables.policies.importObjects(samplePolicyObjects(['eks-privileged.yaml']));
      vi.setSystemTime(new Date(start + refresh * 1000 - 1));
      const cached = await invoke([toolboxCreate(id('cached'))]);
      vi.setSystemTime(new Date(start + refresh * 1000));
      const refreshed = await invoke([toolboxCreate(id('refreshed'))]);

      // Assess
      expect([first, cached, refreshed].map((s) => s?.policySetVersion)).toEqual([
        'v000001',
        'v000001',
        'v000002',
      ]);
      const findings = await storedFindings(tables.findings);
      expect(findings.map((f) => `${f.id} ${f.policySetVersion}`).sort()).toEqual(
        [
          `${id('first')}:psp-violation v000001`,
          `${id('first')}:pss-violation v000001`,
          `${id('cached')}:psp-violation v000001`,
          `${id('cached')}:pss-violation v000001`,
          `${id('refreshed')}:pss-violation v000002`,
        ].sort(),
      );
    },
  );

  it('stores, sends and logs no secret value of env, args or exec commands', async () => {
    // Prepare
    const tables = await stack.freshTables();
    const messages = [
      ...buildSampleAuditLog().map((entry) => JSON.stringify(entry.event)),
      JSON.stringify(backupAgentCreate()),
      JSON.stringify(tokenExec()),
    ];
    logs.clear();

    // Act
    const summary = await invoke(messages);

    // Assess: the planted events did become findings and alerts
    expect(summary).toMatchObject({ malformed: 0, alertsSent: 6 });
    const alerts = await stack.receiveAlerts();
    expect(alerts.map((a) => a.body.finding.id).sort()).toEqual(
      [
        `${SAMPLE_IDS.execShadow}:sensitive-file`,
        `${SAMPLE_IDS.cpKubeconfig}:sensitive-file`,
        `${SAMPLE_IDS.nodeDebuggerCreate}:sensitive-file`,
        `${SAMPLE_IDS.debugContainer}:sensitive-file`,
        `${SECRET_IDS.backup}:sensitive-file`,
        `${SECRET_IDS.exec}:sensitive-file`,
      ].sort(),
    );
    const items = JSON.stringify(await stack.scan(tables.findingsTable));
    expect(items).toContain(SECRET_IDS.backup);
    const sent = alerts.map((a) => a.raw).join('\n');
    const logged = JSON.stringify(logs.lines);
    for (const secret of SECRETS) {
      expect({ secret, stored: items.includes(secret) }).toEqual({ secret, stored: false });
      expect({ secret, sent: sent.includes(secret) }).toEqual({ secret, sent: false });
      expect({ secret, logged: logged.includes(secret) }).toEqual({ secret, logged: false });
    }
  });
});
