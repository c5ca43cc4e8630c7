/**
 * The ingest use case: one decoded log batch in, findings stored and alerts sent out.
 * Bad records are counted and reported by the evaluation; a failing store or topic throws so the
 * batch is retried, and the retry neither duplicates findings (idempotent save) nor alerts (each
 * alert is claimed before it is published, confirmed once sent, and given back if publishing
 * fails; a claim left unconfirmed by a crashed invocation is taken over after the claim lease).
 */
import type { DecodedLogBatch } from '../audit/decode-log-events.ts';
import { isAuditStream } from '../audit/decode-log-events.ts';
import type { Alert, Finding } from '../findings.ts';
import type { BatchCounts, BatchResult, Rejected } from '../ingest/evaluate-batch.ts';
import { emptyBatchCounts, evaluateBatch } from '../ingest/evaluate-batch.ts';
import type { FindingStore, Notifier } from '../ports.ts';
import type { PssTarget } from '../pss/evaluate-pss.ts';
import type { PolicyCache } from './policy-cache.ts';

export interface IngestDeps {
  findings: FindingStore;
  notifier: Notifier;
  policies: Pick<PolicyCache, 'get'>;
  pss: PssTarget;
  /** Cluster name when the log group does not tell it. */
  defaultCluster: string;
}

export interface IngestSummary extends BatchCounts {
  cluster: string;
  logStream: string;
  /** True when the batch was a CONTROL_MESSAGE or came from a stream that is not the audit log. */
  ignored: boolean;
  stored: number;
  duplicates: number;
  alertsSent: number;
  /** Alerts already sent by an earlier delivery of the same events. */
  alertsSuppressed: number;
  policySetVersion: string | null;
  rejected: Rejected[];
  /** The findings of the batch (stored now or before), already redacted. */
  recorded: readonly Finding[];
  /** Pod events not acted on, by reason; absent for an ignored batch. */
  skippedBy?: BatchResult['skippedBy'];
  /** One plugin's evaluation skipped for an update it would not have judged. */
  skippedChecks?: BatchResult['skippedChecks'];
}

export async function ingestLogBatch(
  batch: DecodedLogBatch,
  deps: IngestDeps,
): Promise<IngestSummary> {
  const cluster = batch.cluster ?? deps.defaultCluster;
  const base = {
    cluster,
    logStream: batch.logStream,
    stored: 0,
    duplicates: 0,
    alertsSent: 0,
    alertsSuppressed: 0,
    rejected: [],
    recorded: [],
  };
  if (batch.messageType !== 'DATA_MESSAGE' || !isAuditStream(batch.logStream)) {
    return {
      ...emptyBatchCounts(),
      ...base,
      skipped: batch.records.length,
      ignored: true,
      policySetVersion: null,
    };
  }
  const policySet = await deps.policies.get();
  const result = evaluateBatch({ cluster, records: batch.records }, { policySet, pss: deps.pss });
  const saved = await deps.findings.save(result.findings);
  const { sent, suppressed } = await publishOnce(result.alerts, deps);
  return {
    ...result.counts,
    ...base,
    ignored: false,
    stored: saved.stored,
    duplicates: saved.duplicates,
    alertsSent: sent,
    alertsSuppressed: suppressed,
    policySetVersion: policySet.version,
    rejected: result.rejected,
    recorded: result.findings,
    skippedBy: result.skippedBy,
    skippedChecks: result.skippedChecks,
  };
}

async function publishOnce(
  alerts: readonly Alert[],
  deps: Pick<IngestDeps, 'findings' | 'notifier'>,
): Promise<{ sent: number; suppressed: number }> {
  const claimed: Alert[] = [];
  const release = (ids: readonly string[]) =>
    Promise.allSettled(ids.map((id) => deps.findings.releaseAlert(id)));
  try {
    for (const alert of alerts) {
      if (await deps.findings.claimAlert(alert.finding.id)) claimed.push(alert);
    }
  } catch (error) {
    // Nothing was sent: give every claim back, or the retry finds them taken.
    await release(claimed.map((alert) => alert.finding.id));
    throw error;
  }
  if (claimed.length === 0) return { sent: 0, suppressed: alerts.length };
  const claimedIds = claimed.map((alert) => alert.finding.id);
  try {
    await deps.notifier.publishAlerts(claimed);
  } catch (error) {
    // Give back only what was not sent (the notifier may name the refused alerts), and confirm
    // what was, so that no later delivery sends those again.
    const refused = refusedIds(error);
    await release(refused ?? claimedIds);
    if (refused !== null)
      await confirm(
        claimedIds.filter((id) => !refused.includes(id)),
        deps,
      );
    throw error;
  }
  await confirm(claimedIds, deps);
  return { sent: claimed.length, suppressed: alerts.length - claimed.length };
}

/**
 * Marks sent alerts as such. Best effort: an alert left unconfirmed stays claimed, and only a
 * delivery of the same events after the claim lease would send it again.
 */
async function confirm(ids: readonly string[], deps: Pick<IngestDeps, 'findings'>): Promise<void> {
  await Promise.allSettled(ids.map((id) => deps.findings.confirmAlert(id)));
}

/** The finding ids a notifier error says were refused (SnsNotifier's `failedFindingIds`). */
function refusedIds(error: unknown): string[] | null {
  const ids = (error as { failedFindingIds?: unknown } | null)?.failedFindingIds;
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? ids : null;
}
