import { describe, expect, it } from 'vitest';
import { MemoryFindingStore, MemoryNotifier } from '../adapters/memory-stores.ts';
import type { DecodedLogBatch } from '../audit/decode-log-events.ts';
import { renderSampleAuditLog, SAMPLE_LOG_STREAM } from '../audit/sample-events.ts';
import type { Alert } from '../findings.ts';
import { parsePssTarget } from '../pss/evaluate-pss.ts';
import { type IngestDeps, ingestLogBatch } from './ingest-log-batch.ts';

const batch: DecodedLogBatch = {
  logGroup: '/aws/eks/shop-prod/cluster',
  logStream: SAMPLE_LOG_STREAM,
  messageType: 'DATA_MESSAGE',
  cluster: 'shop-prod',
  records: renderSampleAuditLog()
    .split('\n')
    .filter((line) => line !== '')
    .map((message, index) => ({ id: String(index), timestamp: 0, message })),
};

function deps(clock: { now: () => Date }, notifier: IngestDeps['notifier']) {
  const findings = new MemoryFindingStore({ clock });
  const ingest: IngestDeps = {
    findings,
    notifier,
    policies: { get: async () => ({ policies: [], rbac: null, version: null }) },
    pss: parsePssTarget('restricted'),
    defaultCluster: 'unknown',
  };
  return { findings, ingest };
}

/** A topic whose publish never returns: the invocation dies (times out) while sending. */
const hangingNotifier = {
  publishAlerts: (_alerts: readonly Alert[]) => new Promise<void>(() => {}),
  publishDigest: async () => {},
};

describe('ingestLogBatch alert delivery', () => {
  it('sends each alert once over three deliveries', async () => {
    const clock = { now: () => new Date('2026-11-26T12:00:00Z') };
    const notifier = new MemoryNotifier();
    const { ingest } = deps(clock, notifier);

    const runs = [];
    for (let i = 0; i < 3; i += 1) runs.push(await ingestLogBatch(batch, ingest));

    expect(runs.map((run) => run.alertsSent)).toEqual([notifier.alerts.length, 0, 0]);
    expect(notifier.alerts.length).toBeGreaterThan(0);
    expect(runs[2]?.alertsSuppressed).toBe(notifier.alerts.length);
  });

  it.each([
    { after: 30_000, sent: false },
    { after: 61_000, sent: true },
  ])(
    'after a crash while sending, a redelivery $after ms later sends: $sent',
    async ({ after, sent }) => {
      // Prepare: the first delivery claims the alerts and dies inside publish
      let now = Date.parse('2026-11-26T12:00:00Z');
      const clock = { now: () => new Date(now) };
      const notifier = new MemoryNotifier();
      const { findings, ingest } = deps(clock, hangingNotifier);
      void ingestLogBatch(batch, ingest);
      await new Promise((resolve) => setImmediate(resolve));
      // Act: the retry, with a working topic
      now += after;
      const retry = await ingestLogBatch(batch, { ...ingest, findings, notifier });
      // Assess
      expect(retry.alerts).toBeGreaterThan(0);
      expect(retry.alertsSent).toBe(sent ? retry.alerts : 0);
      expect(notifier.alerts.length).toBe(sent ? retry.alerts : 0);
    },
  );
});
