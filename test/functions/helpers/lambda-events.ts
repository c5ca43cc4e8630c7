/**
 * What Lambda hands the ingest handlers, built as AWS builds it: CloudWatch Logs subscription
 * events and Kinesis events whose data is base64 of gzip of the CloudWatch Logs payload, a Lambda
 * context, and a capture of the JSON lines the Powertools Logger writes.
 */
import type { CloudWatchLogsEvent, Context, KinesisStreamEvent } from 'aws-lambda';
import { vi } from 'vitest';
import { encodeLogPayload } from '../../../lib/audit/sample-payloads.ts';

export function lambdaContext(functionName = 'psp-audit-ingest'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:111122223333:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/26/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** A subscription event around any payload (or raw `data`, for garbage). */
export function subscriptionEvent(payload: unknown): CloudWatchLogsEvent {
  return { awslogs: { data: typeof payload === 'string' ? payload : encodeLogPayload(payload) } };
}

/** A Kinesis event with one record per payload (strings are used as the record data as is). */
export function kinesisEvent(payloads: readonly unknown[]): KinesisStreamEvent {
  return {
    Records: payloads.map((payload, index) => {
      const sequenceNumber = `49651287208497644241024412061431051513872217966441580${String(index).padStart(3, '0')}`;
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: `partition-${index}`,
          sequenceNumber,
          data: typeof payload === 'string' ? payload : encodeLogPayload(payload),
          approximateArrivalTimestamp: 1_795_683_673.318 + index * 0.011,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000001:${sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::444455556666:role/psp-audit-ingest',
        awsRegion: 'us-east-1',
        eventSourceARN: 'arn:aws:kinesis:us-east-1:444455556666:stream/eks-audit-logs',
      };
    }),
  };
}

export interface LogLine {
  level: string;
  message: string;
  [key: string]: unknown;
}

export interface LogCapture {
  /** JSON log lines written since the last clear, in order. */
  readonly lines: LogLine[];
  /** Lines with this message. */
  withMessage(message: string): LogLine[];
  clear(): void;
  restore(): void;
}

/**
 * Captures (and keeps off the terminal) the JSON lines the Powertools Logger and Metrics write
 * to stdout and stderr; anything else is passed through.
 */
export function captureLogs(): LogCapture {
  const lines: LogLine[] = [];
  const spies = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    return vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
      // Metrics' warning when an invocation added none (always, while metrics are disabled).
      const parsed = text.startsWith('No application metrics to publish') ? [] : parseLines(text);
      if (parsed === null) return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      lines.push(...parsed);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write);
  });
  return {
    lines,
    withMessage: (message) => lines.filter((line) => line.message === message),
    clear: () => {
      lines.length = 0;
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

function parseLines(text: string): LogLine[] | null {
  const parsed: LogLine[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (typeof value !== 'object' || value === null) return null;
      parsed.push({
        level: String(value.level ?? ''),
        message: String(value.message ?? ''),
        ...value,
      });
    } catch {
      return null;
    }
  }
  return parsed.length > 0 ? parsed : null;
}
