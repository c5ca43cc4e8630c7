import { readFileSync } from 'node:fs';
import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createDigestHandler } from '../../functions/digest/handler.ts';
import { bucket, FakeFindingStore, FakeNotifier, finding } from './fakes.ts';
import { lambdaContext } from './http-api-event.ts';

function scheduledEvent(name: string): ScheduledEvent {
  return JSON.parse(readFileSync(new URL(`../../events/${name}`, import.meta.url), 'utf8'));
}

function setup() {
  const findings = new FakeFindingStore(
    [
      finding({
        id: 'e1:sensitive-file',
        type: 'sensitive-file',
        severity: 'critical',
        time: '2026-11-26T18:40:12.000Z',
        namespace: 'kube-system',
        pod: 'etcd-0',
        workload: null,
        user: 'bob',
        summary: 'exec into kube-system/etcd-0 reading /etc/kubernetes/pki/ca.key',
      }),
    ],
    [
      bucket('2026-11-26T17:00:00.000Z', {
        byType: { 'psp-violation': 1 },
        byNamespace: { default: 1 },
        byWorkload: { 'default/Deployment/web': 1 },
      }),
      bucket('2026-11-26T18:00:00.000Z', {
        byType: { 'psp-violation': 2, 'sensitive-file': 1, unevaluated: 1 },
        byNamespace: { default: 2, 'kube-system': 2 },
        byPolicy: { 'eks.privileged': 2 },
        byField: { hostPID: 2 },
        byUser: { alice: 2, bob: 2 },
        byWorkload: { 'default/Deployment/web': 2, 'default/DaemonSet/agent': 1 },
        pssFailuresByNamespace: { default: 2 },
      }),
    ],
  );
  const notifier = new FakeNotifier();
  const handler = createDigestHandler({ findings, notifier, config: { pss: 'restricted@latest' } });
  return { findings, notifier, handler };
}

describe('digest handler', () => {
  it('publishes the hourly digest of the hour before the scheduled time', async () => {
    const { notifier, handler } = setup();

    const result = await handler(scheduledEvent('schedule-digest-1h.json'), lambdaContext);

    expect(result).toEqual({
      window: '1h',
      cluster: null,
      from: '2026-11-26T18:00:00.000Z',
      until: '2026-11-26T19:00:00.000Z',
      findings: 4,
      sensitiveFiles: 1,
    });
    expect(notifier.digests).toHaveLength(1);
    const [published] = notifier.digests;
    expect(published?.subject).toBe(
      'psp-audit 1h digest, all clusters: 4 findings (+3), 1 sensitive-file alert',
    );
    expect(published?.text).toContain(`Findings by type
----------------
                  this window  previous  change
  psp-violation             2         1      +1
  pss-violation             0         0       0
  sensitive-file            1         0      +1
  unevaluated               1         0      +1
  total                     4         1      +3

Workloads: 1 new, 1 recurring
-----------------------------
  new        default/DaemonSet/agent  1
  recurring  default/Deployment/web   2
`);
    expect(published?.text).toContain(`Sensitive-file alerts: 1
------------------------
  2026-11-26 18:40:12  prod  kube-system/etcd-0  bob
    exec into kube-system/etcd-0 reading /etc/kubernetes/pki/ca.key

Pod events that could not be evaluated: 1

Pods failing PSS restricted@latest, by namespace
------------------------------------------------
  default  2
`);
    expect(published?.json).toMatchObject({
      window: '1h',
      from: '2026-11-26T18:00:00.000Z',
      until: '2026-11-26T19:00:00.000Z',
      total: { type: 'total', count: 4, previous: 1, change: 3 },
      sensitiveFileCount: 1,
      unevaluated: 1,
      pssFailuresByNamespace: { items: [{ name: 'default', count: 2 }], more: 0 },
    });
  });

  it.each([
    { file: 'schedule-digest-24h.json', window: '24h', from: '2026-11-25T19:00:00.000Z' },
    { file: 'schedule-digest-7d.json', window: '7d', from: '2026-11-19T19:00:00.000Z' },
    { file: 'schedule-digest-detail-window.json', window: '7d', from: '2026-11-19T19:00:00.000Z' },
  ])('reads the $window window from $file', async ({ file, window, from }) => {
    const { findings, notifier, handler } = setup();

    const result = await handler(scheduledEvent(file), lambdaContext);

    expect(result).toMatchObject({ window, from, until: '2026-11-26T19:00:00.000Z' });
    expect(notifier.digests).toHaveLength(1);
    expect(findings.queries.every((query) => query.type === 'sensitive-file')).toBe(true);
  });

  it('fails naming the accepted windows and publishes nothing for an unknown window', async () => {
    const { notifier, handler } = setup();
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
