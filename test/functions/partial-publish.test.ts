/**
 * Alert claims when a dependency fails half-way, which no emulator does on demand:
 * - SNS takes some alerts of a batch and refuses others (PublishBatch `Failed` entries, or one of
 *   several PublishBatch calls failing): the retry must send only the refused ones, so the claims
 *   of the alerts SNS took are kept. The notifier here records what it takes and throws
 *   SnsNotifier's AlertPublishError for the rest.
 * - DynamoDB fails while the alerts are being claimed: the claims already made must be given
 *   back, or the retry finds them taken and never sends those alerts.
 */
import { describe, expect, it } from 'vitest';
import { MemoryFindingStore, MemoryNotifier } from '../../lib/adapters/memory-stores.ts';
import { AlertPublishError } from '../../lib/adapters/sns-notifier.ts';
import type { DecodedLogBatch } from '../../lib/audit/decode-log-events.ts';
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

/** A finding store whose next claims fail, as DynamoDB does when throttled or unreachable. */
class FailingClaimsStore extends MemoryFindingStore {
  failClaimsAfter: number | null = null;

  override async claimAlert(findingId: string): Promise<boolean> {
    if (this.failClaimsAfter !== null) {
      if (this.failClaimsAfter === 0) throw new Error('ProvisionedThroughputExceededException');
      this.failClaimsAfter -= 1;
    }
    return super.claimAlert(findingId);
  }
}

function sampleBatch(): DecodedLogBatch {
  return decodeLogPayload(
    encodeLogPayload(
      buildLogPayload(buildSampleAuditLog().map((entry) => JSON.stringify(entry.event))),
    ),
  );
}

function sampleDeps() {
  const policySet = samplePolicySet(['eks-restrictive.yaml'], 'v000001');
  return {
    policies: { get: async () => policySet },
    pss: parsePssTarget('restricted@latest'),
    defaultCluster: 'unknown',
  };
}

describe('ingestLogBatch when DynamoDB fails while claiming the alerts', () => {
  it.each([{ claimed: 1 }, { claimed: 3 }])(
    'gives back the claims made and sends every alert on the retry ($claimed claimed before the failure)',
    async ({ claimed }) => {
      // Prepare
      const findings = new FailingClaimsStore();
      const notifier = new MemoryNotifier();
      const deps = { ...sampleDeps(), findings, notifier };
      findings.failClaimsAfter = claimed;

      // Act
      await expect(ingestLogBatch(sampleBatch(), deps)).rejects.toThrow(
        'ProvisionedThroughputExceededException',
      );
      findings.failClaimsAfter = null;
      const retried = await ingestLogBatch(sampleBatch(), deps);

      // Assess
      expect(retried).toMatchObject({ alertsSent: 4, alertsSuppressed: 0 });
      expect(notifier.alerts).toHaveLength(4);
    },
  );
});

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
