/**
 * Ingest from a CloudWatch Logs subscription: decode the gzip+base64 batch, evaluate the pod
 * events, store findings, send alerts, and write one summary line. A payload that cannot be
 * decoded is logged and dropped (a retry would not fix it); a store or topic failure throws so
 * Lambda retries the batch, and the retry duplicates nothing.
 */
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { decodeCloudWatchLogsEvent } from '../../lib/audit/decode-log-events.ts';
import { InvalidAuditEventError } from '../../lib/errors.ts';
import { logger } from '../../lib/logger.ts';
import type { IngestSummary } from '../../lib/pipeline/ingest-log-batch.ts';
import { withMiddleware } from '../shared/with-middleware.ts';
import { ingestDeps, recordIngestMetrics, runIngest } from './ingest-deps.ts';

export async function ingestCloudWatchLogs(
  event: CloudWatchLogsEvent,
): Promise<IngestSummary | null> {
  let batch: ReturnType<typeof decodeCloudWatchLogsEvent>;
  try {
    batch = decodeCloudWatchLogsEvent(event);
  } catch (error) {
    if (!(error instanceof InvalidAuditEventError)) throw error;
    logger.error('payload rejected', { reason: error.message });
    recordIngestMetrics([], 1);
    return null;
  }
  const summary = await runIngest(batch, ingestDeps());
  recordIngestMetrics([summary], 0);
  return summary;
}

export const handler = withMiddleware(ingestCloudWatchLogs);
