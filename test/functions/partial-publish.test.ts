/**
 * When SNS takes some alerts of a batch and refuses others (PublishBatch `Failed` entries, or
 * one of several PublishBatch calls failing), the retry must send only the refused ones: the
 * claims of the alerts SNS took are kept. No emulator refuses part of a batch on demand, so the
 * notifier here records what it takes and throws SnsNotifier's AlertPublishError for the rest.
 */
import { describe, expect, it } from 'vitest';
import { MemoryFindingStore, MemoryNotifier } from '../../lib/adapters/memory-stores.ts';
import { AlertPublishError } from '../../lib/adapters/sns-notifier.ts';
import { decodeLogPayload } from '../../lib/audit/decode-log-events.ts';
import { buildSampleAuditLog } from '../../lib/audit/sample-events.ts';
import { buildLogPayload, encodeLogPayload } from '../../lib/audit/sample-payloads.ts';
import type { Alert } from '../../lib/findings.ts';
import { ingestLogBatch } from '../../lib/pipeline/ingest-log-batch.ts';
import { parsePssTarget } from '../../lib/pss/evaluate-pss.ts';
import { samplePolicySet } from '../helpers/audit-policies.ts';

class PartlyRefusingNotifier extends MemoryNotifier {
  readonly refuse = new Set<string>();

  override async publishAlerts(alerts: readonly Alert[]): Promise<void> {
    const refused = alerts.filter((alert) => this.refuse.has(alert.finding.id));
    await super.publishAlerts(alerts.filter((alert) => !this.refuse.has(alert.finding.id)));
    if (refused.length > 0) {
      throw new AlertPublishError(
        `SNS refused ${refused.length} of ${alerts.length} alerts`,
        refused.map((alert) => alert.finding.id),
      );
    }
  }
}

describe('ingestLogBatch when SNS refuses part of the alerts', () => {
  it.each([{ refused: 1 }, { refused: 3 }])(
    'sends each alert exactly once over the failed delivery and its retry ($refused refused)',
    async ({ refused }) => {
      // Prepare
      const batch = decodeLogPayload(
        encodeLogPayload(
          buildLogPayload(buildSampleAuditLog().map((entry) => JSON.stringify(entry.event))),
        ),
      );
      const notifier = new PartlyRefusingNotifier();
      const policySet = samplePolicySet(['eks-restrictive.yaml'], 'v000001');
      const deps = {
        findings: new MemoryFindingStore(),
        notifier,
        policies: { get: async () => policySet },
        pss: parsePssTarget('restricted@latest'),
        defaultCluster: 'unknown',
      };
      const dryRun = new MemoryNotifier();
      await ingestLogBatch(batch, {
        ...deps,
        findings: new MemoryFindingStore(),
        notifier: dryRun,
      });
      const alertIds = dryRun.alerts.map((alert) => alert.finding.id).sort();
      for (const id of alertIds.slice(0, refused)) notifier.refuse.add(id);

      // Act
      const failed = ingestLogBatch(batch, deps);
      await expect(failed).rejects.toBeInstanceOf(AlertPublishError);
      notifier.refuse.clear();
      const retried = await ingestLogBatch(batch, deps);

      // Assess
      expect(alertIds).toHaveLength(4);
      expect(retried).toMatchObject({ alertsSent: refused, alertsSuppressed: 4 - refused });
      expect(notifier.alerts.map((alert) => alert.finding.id).sort()).toEqual(alertIds);
    },
  );
});
