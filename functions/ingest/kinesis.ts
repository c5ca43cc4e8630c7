/**
 * Ingest from a Kinesis stream fed by a cross-account CloudWatch Logs destination: each record's
 * data is the same gzip payload a direct subscription delivers. Undecodable records are logged
 * and dropped; a record whose store or topic write fails is reported as a batch item failure so
 * Lambda retries from it (ReportBatchItemFailures), and the retry duplicates nothing.
 */
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { decodeLogPayload } from '../../lib/audit/decode-log-events.ts';
import { InvalidAuditEventError } from '../../lib/errors.ts';
import { logger } from '../../lib/logger.ts';
import type { IngestSummary } from '../../lib/pipeline/ingest-log-batch.ts';
import { withMiddleware } from '../shared/with-middleware.ts';
import { ingestDeps, recordIngestMetrics, runIngest } from './ingest-deps.ts';

export async function ingestKinesis(
  event: KinesisStreamEvent,
): Promise<KinesisStreamBatchResponse> {
  const deps = ingestDeps();
  const failures: KinesisStreamBatchResponse['batchItemFailures'] = [];
  const summaries: IngestSummary[] = [];
  let malformedPayloads = 0;
  const records: unknown[] = Array.isArray(event?.Records) ? event.Records : [];
  for (const [index, record] of records.entries()) {
    const kinesis = objectOr(objectOr(record).kinesis);
    // Lambda never sends a record without these; a mangled one is dropped as undecodable.
    const sequenceNumber =
      typeof kinesis.sequenceNumber === 'string' ? kinesis.sequenceNumber : `#${index}`;
    if (failures.length > 0) {
      // Lambda retries from the first failure; later records come again with it.
      failures.push({ itemIdentifier: sequenceNumber });
      continue;
    }
    let batch: ReturnType<typeof decodeLogPayload>;
    try {
      batch = decodeLogPayload(kinesis.data as string);
    } catch (error) {
      if (!(error instanceof InvalidAuditEventError)) throw error;
      logger.error('payload rejected', { sequenceNumber, reason: error.message });
      malformedPayloads += 1;
      continue;
    }
    // The record's lines (summary, rejected records) name it.
    logger.appendKeys({ sequenceNumber });
    try {
      summaries.push(await runIngest(batch, deps));
    } catch (error) {
      logger.error('record failed, will be retried', { error });
      failures.push({ itemIdentifier: sequenceNumber });
    } finally {
      logger.removeKeys(['sequenceNumber']);
    }
  }
  recordIngestMetrics(summaries, malformedPayloads);
  return { batchItemFailures: failures };
}

function objectOr(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

export const handler = withMiddleware(ingestKinesis);
