/**
 * What both ingest triggers (CloudWatch Logs, Kinesis) share: the dependencies and the step that
 * runs one decoded batch and reports it (one summary log line, metrics, rejected records).
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
  const { rejected, ...counts } = summary;
  logger.info('batch evaluated', { ...counts, rejected: rejected.length });
  metrics.addDimension('cluster', summary.cluster);
  metrics.addMetric('AuditEvents', MetricUnit.Count, summary.events);
  metrics.addMetric('PodEvents', MetricUnit.Count, summary.podEvents);
  metrics.addMetric('Unevaluated', MetricUnit.Count, summary.unevaluated);
  metrics.addMetric('FindingsStored', MetricUnit.Count, summary.stored);
  metrics.addMetric('AlertsSent', MetricUnit.Count, summary.alertsSent);
  metrics.addMetric('MalformedRecords', MetricUnit.Count, summary.malformed);
  return summary;
}
