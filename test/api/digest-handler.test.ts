import { readFileSync } from 'node:fs';
import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createDigestHandler } from '../../functions/digest/handler.ts';
import { MemoryFindingStore, MemoryNotifier } from '../../lib/adapters/memory-stores.ts';
import { finding, fixedClock } from './fakes.ts';
import { lambdaContext } from './http-api-event.ts';

function scheduledEvent(name: string): ScheduledEvent {
  return JSON.parse(readFileSync(new URL(`../../events/${name}`, import.meta.url), 'utf8'));
}

async function setup() {
  const findings = new MemoryFindingStore({ clock: fixedClock('2026-11-26T19:00:05Z') });
  await findings.save([
    // the previous hour
    finding({ id: 'p1:psp-violation', time: '2026-11-26T17:10:00.000Z' }),
    // the hour of the digest
    finding({
      id: 'c1:psp-violation',
      time: '2026-11-26T18:05:00.000Z',
      reasons: [
        { policy: 'eks.restricted', field: 'spec.hostPID', message: 'host PID is not allowed' },
      ],
    }),
    finding({
      id: 'c2:psp-violation',
      time: '2026-11-26T18:06:00.000Z',
      user: 'bob',
      reasons: [
        { policy: 'eks.restricted', field: 'spec.hostPID', message: 'host PID is not allowed' },
      ],
    }),
    finding({
      id: 'c3:pss-violation',
      type: 'pss-violation',
      time: '2026-11-26T18:07:00.000Z',
      pod: 'agent-x1',
      workload: 'DaemonSet/agent',
      pss: 'restricted@v1.30',
      reasons: [
        {
          check: 'privileged',
          field: 'spec.containers[0].securityContext.privileged',
          message: 'privileged',
        },
      ],
    }),
    finding({
      id: 'c4:sensitive-file',
      type: 'sensitive-file',
      severity: 'critical',
      time: '2026-11-26T18:40:12.000Z',
      namespace: 'kube-system',
      pod: 'etcd-0',
      workload: null,
      user: 'bob',
      summary: 'exec into kube-system/etcd-0 reading /etc/kubernetes/pki/ca.key',
    }),
    finding({
      id: 'c5:unevaluated',
      type: 'unevaluated',
      severity: 'low',
      time: '2026-11-26T18:50:00.000Z',
      namespace: 'kube-system',
      pod: '',
      workload: null,
      user: 'system:serviceaccount:kube-system:replicaset-controller',
    }),
    // after the window: not in the hourly digest of 19:00
    finding({ id: 'n1:sensitive-file', type: 'sensitive-file', time: '2026-11-26T19:00:01.000Z' }),
  ]);
  const notifier = new MemoryNotifier();
  const handler = createDigestHandler({ findings, notifier, config: { pss: 'restricted@latest' } });
  return { notifier, handler };
}

describe('digest handler', () => {
  it('publishes the hourly digest of the hour before the scheduled time', async () => {
    const { notifier, handler } = await setup();

    const result = await handler(scheduledEvent('schedule-digest-1h.json'), lambdaContext);

    expect(result).toEqual({
      window: '1h',
      cluster: null,
      from: '2026-11-26T18:00:00.000Z',
      until: '2026-11-26T19:00:00.000Z',
      findings: 5,
      sensitiveFiles: 1,
      published: true,
    });
    expect(notifier.digests).toHaveLength(1);
    const [published] = notifier.digests;
    expect(published?.subject).toBe(
      'psp-audit 1h digest, all clusters: 5 findings (+4), 1 sensitive-file alert',
    );
    expect(published?.text).toBe(`psp-audit digest: last hour, all clusters
Window:   2026-11-26 18:00 to 2026-11-26 19:00 UTC
Previous: 2026-11-26 17:00 to 2026-11-26 18:00 UTC

Findings by type
----------------
                  this window  previous  change
  psp-violation             2         1      +1
  pss-violation             1         0      +1
  sensitive-file            1         0      +1
  unevaluated               1         0      +1
  total                     5         1      +4

Workloads: 1 new, 1 recurring
-----------------------------
  new        default/DaemonSet/agent  1
  recurring  default/Deployment/web   2

Top namespaces
--------------
  default      3
  kube-system  2

Top policies
------------
  eks.restricted  2

Top PSS checks
--------------
  privileged  1

Top fields
----------
  spec.hostPID                                   2
  spec.containers[0].securityContext.privileged  1

Top requesting users
--------------------
  alice                                                    2
  bob                                                      2
  system:serviceaccount:kube-system:replicaset-controller  1

Top workloads
-------------
  default/Deployment/web   2
  default/DaemonSet/agent  1

Sensitive-file alerts: 1
------------------------
  2026-11-26 18:40:12  prod  kube-system/etcd-0  bob
    exec into kube-system/etcd-0 reading /etc/kubernetes/pki/ca.key

Pod events that could not be evaluated: 1

Pods failing PSS restricted@latest, by namespace
------------------------------------------------
  default  1
`);
    expect(published?.json).toMatchObject({
      kind: 'psp-audit.digest',
      window: '1h',
      cluster: null,
      from: '2026-11-26T18:00:00.000Z',
      until: '2026-11-26T19:00:00.000Z',
      total: { type: 'total', count: 5, previous: 1, change: 4 },
      sensitiveFiles: {
        items: [
          {
            id: 'c4:sensitive-file',
            time: '2026-11-26T18:40:12.000Z',
            cluster: 'prod',
            namespace: 'kube-system',
            pod: 'etcd-0',
            user: 'bob',
            summary: 'exec into kube-system/etcd-0 reading /etc/kubernetes/pki/ca.key',
          },
        ],
        more: 0,
      },
      sensitiveFileCount: 1,
      unevaluated: 1,
      pssFailuresByNamespace: { items: [{ name: 'default', count: 1 }], more: 0 },
    });
  });

  it.each([
    { file: 'schedule-digest-24h.json', window: '24h', from: '2026-11-25T19:00:00.000Z' },
    { file: 'schedule-digest-7d.json', window: '7d', from: '2026-11-19T19:00:00.000Z' },
    { file: 'schedule-digest-detail-window.json', window: '7d', from: '2026-11-19T19:00:00.000Z' },
  ])('reads the $window window from $file', async ({ file, window, from }) => {
    const { notifier, handler } = await setup();

    const result = await handler(scheduledEvent(file), lambdaContext);

    expect(result).toMatchObject({ window, from, until: '2026-11-26T19:00:00.000Z' });
    expect(notifier.digests).toHaveLength(1);
  });

  it.each([
    { window: '1h', published: false },
    { window: '24h', published: true },
    { window: '7d', published: true },
  ])(
    'over a store with no findings, the $window digest is published: $published',
    async ({ window, published }) => {
      const notifier = new MemoryNotifier();
      const handler = createDigestHandler({
        findings: new MemoryFindingStore(),
        notifier,
        config: { pss: 'restricted@latest' },
      });

      const result = await handler(scheduledEvent(`schedule-digest-${window}.json`), lambdaContext);

      expect(result).toMatchObject({ window, findings: 0, sensitiveFiles: 0, published });
      expect(notifier.digests).toHaveLength(published ? 1 : 0);
    },
  );

  it('fails naming the accepted windows and publishes nothing for an unknown window', async () => {
    const { notifier, handler } = await setup();
    const event = {
      ...scheduledEvent('schedule-digest-1h.json'),
      resources: ['arn:aws:events:eu-west-1:123456789012:rule/psp-audit-dev-digest-30m'],
    };

    await expect(handler(event, lambdaContext)).rejects.toThrow(
      'digest schedule: unknown window "30m" from rule arn:aws:events:eu-west-1:123456789012:rule/psp-audit-dev-digest-30m (accepted: 1h, 24h, 7d, from detail.window or a rule named …-digest-<window>)',
    );
    expect(notifier.digests).toEqual([]);
  });
});
