/**
 * Subscription payloads around the sample audit log: the CloudWatch Logs → Lambda event
 * (`events/cloudwatch-logs-event.json`) and the Kinesis event of a cross-account destination
 * (`events/kinesis-event.json`), plus the gzip+base64 encoder tests and benches use.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  buildSampleAuditLog,
  renderSampleAuditLog,
  SAMPLE_ACCOUNT,
  SAMPLE_LOG_GROUP,
  SAMPLE_LOG_STREAM,
} from './sample-events.ts';
import { uuidFrom } from './sample-pods.ts';

export interface LogPayload {
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: { id: string; timestamp: number; message: string }[];
}

/** base64 of gzip of the payload JSON, as CloudWatch Logs delivers it. */
export function encodeLogPayload(payload: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(payload), 'utf8')).toString('base64');
}

/** A DATA_MESSAGE payload of one stream holding these messages. */
export function buildLogPayload(
  messages: readonly string[],
  options: { logGroup?: string; logStream?: string; firstTimestamp?: number } = {},
): LogPayload {
  const start = options.firstTimestamp ?? Date.parse('2026-11-26T09:00:01.500Z');
  return {
    messageType: 'DATA_MESSAGE',
    owner: SAMPLE_ACCOUNT,
    logGroup: options.logGroup ?? SAMPLE_LOG_GROUP,
    logStream: options.logStream ?? SAMPLE_LOG_STREAM,
    subscriptionFilters: ['psp-audit-pods'],
    logEvents: messages.map((message, index) => ({
      id: logEventId(start + index * 37, index),
      timestamp: start + index * 37,
      message,
    })),
  };
}

/** The reachability check CloudWatch Logs sends to a destination. */
export function buildControlPayload(): LogPayload {
  return {
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [
      {
        id: '',
        timestamp: Date.parse('2026-11-26T09:00:00.000Z'),
        message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.',
      },
    ],
  };
}

/** How many sample lines go into the CloudWatch Logs event; the rest go to Kinesis. */
export const SUBSCRIPTION_SAMPLE_LINES = 14;

export function buildSampleSubscriptionEvent(): { awslogs: { data: string } } {
  const lines = sampleLines().slice(0, SUBSCRIPTION_SAMPLE_LINES);
  return { awslogs: { data: encodeLogPayload(buildLogPayload(lines)) } };
}

/**
 * Three Kinesis records as a cross-account destination delivers them: the rest of the sample
 * log from a second audit stream, a CONTROL_MESSAGE, and a batch of the authenticator stream
 * (same log group, not audit events).
 */
export function buildSampleKinesisEvent(): { Records: unknown[] } {
  const lines = sampleLines().slice(SUBSCRIPTION_SAMPLE_LINES);
  const payloads = [
    buildLogPayload(lines, {
      logStream: 'kube-apiserver-audit-0b8e2f47c1d95a36e7f0b2c4d8a1e693',
      firstTimestamp: Date.parse('2026-11-26T09:01:10.250Z'),
    }),
    buildControlPayload(),
    buildLogPayload(
      [
        'time="2026-11-26T09:01:12Z" level=info msg="access granted" arn="arn:aws:iam::111122223333:role/eks-node-role" client="127.0.0.1:51234" groups="[system:bootstrappers system:nodes]" method=POST path=/authenticate uid="aws-iam-authenticator:111122223333:AROAEXAMPLENODE000001" username="system:node:ip-10-0-1-23.eu-west-1.compute.internal"',
      ],
      {
        logStream: 'authenticator-2c4d8a1e6930b8e2f47c1d95a36e7f0b',
        firstTimestamp: Date.parse('2026-11-26T09:01:12.900Z'),
      },
    ),
  ];
  const stream = `arn:aws:kinesis:eu-west-1:444455556666:stream/eks-audit-logs`;
  return {
    Records: payloads.map((payload, index) => {
      const sequenceNumber = `4965${digitsFrom(`seq/${index}`, 52)}`;
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: digitsFrom(`partition/${payload.logStream}`, 32),
          sequenceNumber,
          data: encodeLogPayload(payload),
          approximateArrivalTimestamp:
            Date.parse('2026-11-26T09:01:13.318Z') / 1000 + index * 0.011,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000001:${sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::444455556666:role/psp-audit-ingest',
        awsRegion: 'eu-west-1',
        eventSourceARN: stream,
      };
    }),
  };
}

function sampleLines(): string[] {
  return buildSampleAuditLog().map((entry) => JSON.stringify(entry.event));
}

/** A 56-digit decimal id like CloudWatch's, starting with the timestamp's digits. */
function logEventId(timestamp: number, index: number): string {
  return `${timestamp}${digitsFrom(`event/${timestamp}/${index}`, 56)}`.slice(0, 56);
}

function digitsFrom(text: string, length: number): string {
  let digits = '';
  for (let round = 0; digits.length < length; round += 1) {
    for (const char of uuidFrom(`${text}/${round}`).replaceAll('-', '')) {
      digits += String(Number.parseInt(char, 16) % 10);
    }
  }
  return digits.slice(0, length);
}

/** The sample files of `events/`, by name. */
export function renderSampleEventFiles(): Record<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'audit-log-sample.jsonl': renderSampleAuditLog(),
    'cloudwatch-logs-event.json': json(buildSampleSubscriptionEvent()),
    'kinesis-event.json': json(buildSampleKinesisEvent()),
  };
}

/**
 * Writes the sample files into a folder (the repository's `events/`):
 * `npx tsx -e "import('./lib/audit/sample-payloads.ts').then((m) => m.writeSampleEventFiles('events'))"`
 */
export function writeSampleEventFiles(folder: string): void {
  for (const [name, text] of Object.entries(renderSampleEventFiles())) {
    writeFileSync(join(folder, name), text);
  }
}
