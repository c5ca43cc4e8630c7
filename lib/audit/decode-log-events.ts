/**
 * Decodes a CloudWatch Logs subscription payload: base64 of gzip of a JSON batch of one log
 * stream's events. The same payload arrives as `awslogs.data` (Lambda subscription) and as the
 * data of a Kinesis record (cross-account destination). Each message stays a string: it is parsed
 * later, record by record, so one bad message never costs the batch.
 */
import { isAscii } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { InvalidAuditEventError } from '../errors.ts';
import { isObject, typeName } from './parse-audit-event.ts';

export interface LogRecord {
  id: string;
  timestamp: number;
  message: string;
}

export interface DecodedLogBatch {
  logGroup: string;
  logStream: string;
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  /** From a log group named `/aws/eks/<cluster>/cluster`, else null. */
  cluster: string | null;
  records: LogRecord[];
}

/** Larger than any CloudWatch batch; stops a gzip bomb before it fills the memory. */
const MAX_DECODED_BYTES = 64 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const EKS_LOG_GROUP = /^\/aws\/eks\/([^/]+)\/cluster$/;
const AUDIT_STREAM_PREFIX = 'kube-apiserver-audit-';

export function decodeCloudWatchLogsEvent(event: { awslogs: { data: string } }): DecodedLogBatch {
  const awslogs = isObject(event) ? event.awslogs : undefined;
  if (!isObject(awslogs)) {
    throw new InvalidAuditEventError(
      `subscription event: awslogs must be an object, got ${typeName(awslogs)}`,
    );
  }
  if (typeof awslogs.data !== 'string') {
    throw new InvalidAuditEventError(
      `subscription event: awslogs.data must be a string, got ${typeName(awslogs.data)}`,
    );
  }
  return decodeLogPayload(awslogs.data);
}

export function decodeLogPayload(base64Gzip: string): DecodedLogBatch {
  const payload = parsePayloadJson(gunzip(decodeBase64(base64Gzip)));
  if (!isObject(payload)) {
    throw new InvalidAuditEventError(`log payload must be a JSON object, got ${typeName(payload)}`);
  }
  const { messageType, logGroup, logStream, logEvents } = payload;
  if (messageType !== 'DATA_MESSAGE' && messageType !== 'CONTROL_MESSAGE') {
    throw new InvalidAuditEventError(
      `log payload: messageType must be DATA_MESSAGE or CONTROL_MESSAGE, got ${describe(messageType)}`,
    );
  }
  if (typeof logGroup !== 'string') {
    throw new InvalidAuditEventError(
      `log payload: logGroup must be a string, got ${typeName(logGroup)}`,
    );
  }
  if (typeof logStream !== 'string') {
    throw new InvalidAuditEventError(
      `log payload: logStream must be a string, got ${typeName(logStream)}`,
    );
  }
  if (!Array.isArray(logEvents)) {
    throw new InvalidAuditEventError(
      `log payload: logEvents must be an array, got ${typeName(logEvents)}`,
    );
  }
  return {
    logGroup,
    logStream,
    messageType,
    cluster: EKS_LOG_GROUP.exec(logGroup)?.[1] ?? null,
    records: logEvents.map(toLogRecord),
  };
}

/** True for the audit streams of an EKS log group (`kube-apiserver-audit-<hex>`). */
export function isAuditStream(logStream: string): boolean {
  return typeof logStream === 'string' && logStream.startsWith(AUDIT_STREAM_PREFIX);
}

function decodeBase64(text: string): Buffer {
  if (typeof text !== 'string') {
    throw new InvalidAuditEventError(`log payload must be a base64 string, got ${typeName(text)}`);
  }
  // Fast path: Buffer skips what is not base64, so a clean string decodes to exactly 3/4 of its
  // length less the padding; anything else is checked character by character below.
  const bytes = Buffer.from(text, 'base64');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (
    text.length > 0 &&
    text.length % 4 === 0 &&
    bytes.length === (text.length / 4) * 3 - padding
  ) {
    return bytes;
  }
  const compact = text.replace(/\s+/g, '');
  if (compact === '') throw new InvalidAuditEventError('log payload is empty');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new InvalidAuditEventError(
      `log payload is not base64 (${compact.length} characters, expected the standard alphabet in groups of 4)`,
    );
  }
  return Buffer.from(compact, 'base64');
}

function gunzip(bytes: Buffer): string {
  try {
    const text = gunzipSync(bytes, { maxOutputLength: MAX_DECODED_BYTES });
    // Most batches are pure ASCII (Go escapes little, labels are rarely non-ASCII): decoding
    // those as latin1 gives the same string without UTF-8 validation, ~20% faster.
    return isAscii(text) ? text.toString('latin1') : text.toString('utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidAuditEventError(
      `log payload is not gzip data (${bytes.length} bytes): ${reason}`,
      { cause: error },
    );
  }
}

function parsePayloadJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidAuditEventError(
      `log payload is not JSON after gunzip (${text.length} characters)`,
    );
  }
}

function toLogRecord(entry: unknown, index: number): LogRecord {
  if (!isObject(entry)) {
    throw new InvalidAuditEventError(
      `log payload: logEvents[${index}] must be an object, got ${typeName(entry)}`,
    );
  }
  if (typeof entry.message !== 'string') {
    throw new InvalidAuditEventError(
      `log payload: logEvents[${index}].message must be a string, got ${typeName(entry.message)}`,
    );
  }
  const id = typeof entry.id === 'string' && entry.id !== '' ? entry.id : `#${index}`;
  const timestamp = typeof entry.timestamp === 'number' ? entry.timestamp : 0;
  return { id, timestamp, message: entry.message };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeName(value);
}
