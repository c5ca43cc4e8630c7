/**
 * What both ingest triggers (CloudWatch Logs, Kinesis) share: the dependencies, the step that
 * runs one decoded batch and reports it (one summary log line, rejected records), and the metrics
 * of an invocation — each cluster's counts under its own `cluster` dimension, since one Kinesis
 * invocation may carry the records of several clusters.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DecodedLogBatch } from '../../lib/audit/decode-log-events.ts';
import { logger, metrics } from '../../lib/logger.ts';
import {
  type IngestDeps,
  type IngestSummary,
  ingestLogBatch,
} from '../../lib/pipeline/ingest-log-batch.ts';
import { parsePssTarget } from '../../lib/pss/evaluate-pss.ts';
import { wiring } from '../shared/wiring.ts';

let deps: IngestDeps | undefined;

export function ingestDeps(): IngestDeps {
  if (deps !== undefined) return deps;
  const wired = wiring(['findingsTable', 'policiesTable', 'alertsTopicArn']);
  deps = {
    findings: wired.findings,
    notifier: wired.notifier,
    policies: wired.policyCache,
    pss: parsePssTarget(wired.config.pss),
    defaultCluster: wired.config.defaultCluster,
  };
  return deps;
}

/** Forgets the dependencies (tests, after changing the environment). */
export function resetIngestDeps(): void {
  deps = undefined;
}

export async function runIngest(
  batch: DecodedLogBatch,
  ingest: IngestDeps,
): Promise<IngestSummary> {
  const summary = await ingestLogBatch(batch, ingest);
  for (const rejected of summary.rejected) {
    logger.warn('record rejected', {
      ...rejected,
      cluster: summary.cluster,
      logStream: summary.logStream,
    });
  }
  const { rejected, recorded, ...counts } = summary;
  logger.info('batch evaluated', { ...counts, rejected: rejected.length });
  for (const finding of recorded) {
    // One line per finding (redelivered ones too: count distinct ids) for Logs Insights.
    logger.info('finding recorded', {
      id: finding.id,
      type: finding.type,
      severity: finding.severity,
      cluster: finding.cluster,
      namespace: finding.namespace,
      pod: finding.pod,
      user: finding.user,
      auditId: finding.auditID,
      policySetVersion: finding.policySetVersion,
    });
  }
  return summary;
}

const CLUSTER_METRICS = [
  ['AuditEvents', 'events'],
  ['PodEvents', 'podEvents'],
  ['Unevaluated', 'unevaluated'],
  ['FindingsStored', 'stored'],
  ['AlertsSent', 'alertsSent'],
  ['MalformedRecords', 'malformed'],
] as const satisfies readonly (readonly [string, keyof IngestSummary])[];

/**
 * Adds the metrics of one invocation: undecodable payloads and ignored batches (control
 * messages, other streams) without a dimension, then one set per cluster. Every set but the last
 * is published at once, so each keeps its own dimension; the middleware publishes the last.
 */
export function recordIngestMetrics(
  summaries: readonly IngestSummary[],
  malformedPayloads: number,
): void {
  const byCluster = new Map<string, Map<string, number>>();
  let ignored = 0;
  for (const summary of summaries) {
    if (summary.ignored) {
      ignored += 1;
      continue;
    }
    const counts = byCluster.get(summary.cluster) ?? new Map<string, number>();
    for (const [metric, key] of CLUSTER_METRICS) {
      counts.set(metric, (counts.get(metric) ?? 0) + Number(summary[key]));
    }
    byCluster.set(summary.cluster, counts);
  }
  const sets: (() => void)[] = [];
  if (malformedPayloads > 0 || ignored > 0) {
    sets.push(() => {
      if (malformedPayloads > 0) {
        metrics.addMetric('MalformedPayloads', MetricUnit.Count, malformedPayloads);
      }
      if (ignored > 0) metrics.addMetric('IgnoredBatches', MetricUnit.Count, ignored);
    });
  }
  for (const [cluster, counts] of byCluster) {
    sets.push(() => {
      metrics.addDimension('cluster', cluster);
      for (const [metric, value] of counts) metrics.addMetric(metric, MetricUnit.Count, value);
    });
  }
  sets.forEach((add, index) => {
    add();
    if (index < sets.length - 1) metrics.publishStoredMetrics();
  });
}
