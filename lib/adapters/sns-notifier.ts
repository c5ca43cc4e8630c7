/**
 * Notifier on SNS. Each alert is one message with the attributes subscribers filter on
 * (severity, cluster, namespace, type) and two bodies: JSON for machines (`default`, so SQS,
 * Lambda and HTTP get it) and readable text for e-mail. A digest goes to its own topic the same
 * way. Anything SNS refuses is thrown, so the batch is retried.
 */
import {
  type MessageAttributeValue,
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  PublishCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { PspAuditError } from '../errors.ts';
import type { Alert, Finding } from '../findings.ts';
import type { Notifier } from '../ports.ts';
import {
  byteLength,
  MAX_MESSAGE_BYTES,
  renderStructuredMessage,
  renderSubject,
} from './sns-message.ts';

export interface SnsNotifierOptions {
  client: SNSClient;
  alertsTopicArn: string;
  digestTopicArn: string;
}

/** Alerts SNS did not accept; `failedFindingIds` says which, so only their claims are released. */
export class AlertPublishError extends PspAuditError {
  readonly failedFindingIds: string[];

  constructor(message: string, failedFindingIds: string[], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AlertPublishError';
    this.failedFindingIds = failedFindingIds;
  }
}

const BATCH_ENTRIES = 10;
const TEXT_PROTOCOLS = ['email', 'email-json'] as const;

export class SnsNotifier implements Notifier {
  readonly #client: SNSClient;
  readonly #alertsTopicArn: string;
  readonly #digestTopicArn: string;

  constructor(options: SnsNotifierOptions) {
    this.#client = options.client;
    this.#alertsTopicArn = options.alertsTopicArn;
    this.#digestTopicArn = options.digestTopicArn;
  }

  async publishAlerts(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    const entries = alerts.map((alert, index) => ({
      id: alert.finding.id,
      entry: renderAlert(alert, index),
    }));
    if (entries.length === 1 && entries[0] !== undefined) {
      const { id, entry } = entries[0];
      try {
        await this.#client.send(
          new PublishCommand({ TopicArn: this.#alertsTopicArn, ...withoutId(entry) }),
        );
      } catch (error) {
        throw new AlertPublishError(`SNS refused the alert of finding ${id}`, [id], {
          cause: error,
        });
      }
      return;
    }
    const failed: string[] = [];
    const reasons: string[] = [];
    let cause: unknown;
    for (const batch of groupBatches(entries)) {
      const idOf = new Map(batch.map(({ id, entry }) => [entry.Id, id]));
      try {
        const out = await this.#client.send(
          new PublishBatchCommand({
            TopicArn: this.#alertsTopicArn,
            PublishBatchRequestEntries: batch.map(({ entry }) => entry),
          }),
        );
        for (const failure of out.Failed ?? []) {
          failed.push(idOf.get(failure.Id ?? '') ?? String(failure.Id));
          reasons.push(`${failure.Code ?? 'error'}: ${failure.Message ?? ''}`.trim());
        }
      } catch (error) {
        failed.push(...batch.map(({ id }) => id));
        reasons.push((error as Error).message);
        cause ??= error;
      }
    }
    if (failed.length > 0) {
      throw new AlertPublishError(
        `SNS refused ${failed.length} of ${alerts.length} alerts (${[...new Set(reasons)].join('; ')})`,
        failed,
        cause === undefined ? undefined : { cause },
      );
    }
  }

  async publishDigest(digest: { subject: string; text: string; json: unknown }): Promise<void> {
    await this.#client.send(
      new PublishCommand({
        TopicArn: this.#digestTopicArn,
        Subject: renderSubject(digest.subject),
        MessageStructure: 'json',
        Message: renderStructuredMessage(digest.json, digest.text, TEXT_PROTOCOLS),
        MessageAttributes: { type: stringAttribute('digest') },
      }),
    );
  }
}

type Entry = PublishBatchRequestEntry & { Id: string; Message: string };

function renderAlert({ finding }: Alert, index: number): Entry {
  return {
    Id: `alert-${index}`,
    Subject: renderSubject(`psp-audit ${finding.severity} ${finding.cluster}: ${finding.summary}`),
    MessageStructure: 'json',
    Message: renderStructuredMessage(
      { kind: 'psp-audit.alert', finding },
      renderAlertText(finding),
      TEXT_PROTOCOLS,
    ),
    MessageAttributes: {
      severity: stringAttribute(finding.severity),
      cluster: stringAttribute(finding.cluster),
      namespace: stringAttribute(finding.namespace),
      type: stringAttribute(finding.type),
    },
  };
}

/** The e-mail body of an alert: the summary, then one labelled line per fact. */
export function renderAlertText(finding: Finding): string {
  const facts: [string, string | null | undefined][] = [
    ['Severity', finding.severity],
    ['Type', finding.type],
    ['Cluster', finding.cluster],
    ['Namespace', finding.namespace],
    ['Pod', finding.pod],
    ['Workload', finding.workload],
    ['User', finding.user],
    ['Service account', finding.serviceAccount],
    ['Action', finding.action],
    ['Time', finding.time],
    ['Policy set', finding.policySetVersion],
    ['Audit ID', finding.auditID],
    ['Finding', finding.id],
  ];
  const lines = [finding.summary, ''];
  for (const [label, value] of facts) {
    if (value !== null && value !== undefined && value !== '') lines.push(`${label}: ${value}`);
  }
  if (finding.reasons.length > 0) {
    lines.push('', 'Reasons:');
    for (const reason of finding.reasons) {
      const source = reason.policy ?? reason.check;
      lines.push(`- ${reason.field}: ${reason.message}${source ? ` (${source})` : ''}`);
    }
  }
  if (finding.details !== undefined && Object.keys(finding.details).length > 0) {
    lines.push('', 'Details:', JSON.stringify(finding.details, null, 2));
  }
  return lines.join('\n');
}

/** SNS refuses empty attribute values. */
function stringAttribute(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value === '' ? '(none)' : value };
}

function withoutId(entry: Entry) {
  const { Id: _id, ...rest } = entry;
  return rest;
}

/** Batches of at most 10 entries and 256 KB in all (SNS's limits for PublishBatch). */
function groupBatches<T extends { entry: Entry }>(entries: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of entries) {
    const size = byteLength(item.entry.Message) + 1_024;
    if (
      current.length === BATCH_ENTRIES ||
      (current.length > 0 && bytes + size > MAX_MESSAGE_BYTES)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
