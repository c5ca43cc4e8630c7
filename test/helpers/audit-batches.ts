/**
 * Building evaluateBatch inputs from audit events and JSON lines, and reading the results.
 */
import type { BatchInput, BatchResult } from '../../lib/ingest/evaluate-batch.ts';

/** One record per message; ids `<prefix>#<index>`. */
export function batchOf(
  messages: readonly (string | object)[],
  options: { cluster?: string; prefix?: string } = {},
): BatchInput {
  return {
    cluster: options.cluster ?? 'test-cluster',
    records: messages.map((message, index) => ({
      id: `${options.prefix ?? 'record'}#${index}`,
      message: typeof message === 'string' ? message : JSON.stringify(message),
    })),
  };
}

/** Non-empty lines of a JSON-lines text. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** `<type>@<auditID>` of every finding, sorted: compact to compare. */
export function findingKeys(result: Pick<BatchResult, 'findings'>): string[] {
  return result.findings.map((finding) => finding.id).sort();
}
