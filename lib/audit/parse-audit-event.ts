/**
 * Reads one audit `Event` (audit.k8s.io/v1, also v1beta1 and events with no apiVersion) from the
 * message of a log record. Checks the types of every field the ingest path reads and keeps the
 * bodies as untrusted `unknown`. A message that is not an Event throws InvalidAuditEventError
 * whose text names the field and what came — never the body (V8's JSON errors quote the input,
 * so they are not passed on).
 */
import { InvalidAuditEventError } from '../errors.ts';

export interface AuditUser {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, unknown>;
}

export interface AuditObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

export interface AuditEvent {
  kind: 'Event';
  apiVersion?: string;
  level?: string;
  auditID: string;
  stage: string;
  requestURI: string;
  verb: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  responseStatus?: { code?: number; reason?: string; status?: string };
  requestObject?: unknown;
  responseObject?: unknown;
  /** RFC 3339 (UTC with microseconds from the API server), kept as written. */
  requestReceivedTimestamp: string;
  stageTimestamp?: string;
  annotations: Record<string, string>;
  /** Set on an event the log pipeline cut short: its bodies (and annotations) were lost. */
  truncated?: boolean;
}

const OBJECT_REF_FIELDS = [
  'resource',
  'namespace',
  'name',
  'uid',
  'apiGroup',
  'apiVersion',
  'resourceVersion',
  'subresource',
] as const;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const TRUNCATED_MARK = '[Truncated...]';
const AUDIT_ID_PATTERN = /"auditID"\s*:\s*"([0-9A-Za-z-]{1,64})"/;

/** Parses one message; throws InvalidAuditEventError naming the first problem. */
export function parseAuditEvent(message: string): AuditEvent {
  if (typeof message !== 'string') {
    throw new InvalidAuditEventError(`message must be a string, got ${typeName(message)}`);
  }
  const value = parseJson(message);
  if (!isObject(value)) {
    throw new InvalidAuditEventError(`not an audit Event: a JSON ${typeName(value)}`);
  }
  if (value.kind !== 'Event') {
    throw new InvalidAuditEventError(
      `not an audit Event: kind must be "Event", got ${describeValue(value.kind)}`,
    );
  }
  const event = value as Record<string, unknown>;
  optionalString(event, 'apiVersion');
  optionalString(event, 'level');
  requireString(event, 'auditID', true);
  requireString(event, 'stage', true);
  requireString(event, 'verb', true);
  optionalString(event, 'requestURI');
  optionalString(event, 'userAgent');
  optionalString(event, 'stageTimestamp');
  requireString(event, 'requestReceivedTimestamp', true);
  const received = event.requestReceivedTimestamp as string;
  if (!RFC3339.test(received) || Number.isNaN(Date.parse(received))) {
    throw new InvalidAuditEventError('requestReceivedTimestamp must be an RFC 3339 time');
  }
  checkUser(event.user, 'user', true);
  checkUser(event.impersonatedUser, 'impersonatedUser', false);
  optionalStringArray(event.sourceIPs, 'sourceIPs');
  checkObjectRef(event.objectRef);
  checkResponseStatus(event.responseStatus);
  checkAnnotations(event.annotations);
  return {
    ...(event as unknown as AuditEvent),
    requestURI: (event.requestURI as string | undefined) ?? '',
    annotations: (event.annotations as Record<string, string> | undefined) ?? {},
  };
}

/**
 * The auditID of a message that could not be parsed, when a plain search finds a well-formed
 * one (UUID characters only, so nothing else of the message is ever echoed), else null.
 */
export function extractAuditId(message: unknown): string | null {
  if (typeof message !== 'string') return null;
  return AUDIT_ID_PATTERN.exec(message)?.[1] ?? null;
}

function parseJson(message: string): unknown {
  try {
    return JSON.parse(message);
  } catch (error) {
    const trimmed = message.trimEnd();
    if (trimmed.endsWith(TRUNCATED_MARK)) {
      throw new InvalidAuditEventError(
        `truncated by the log pipeline (ends with ${TRUNCATED_MARK}, ${message.length} characters)`,
      );
    }
    if (trimmed === '') throw new InvalidAuditEventError('empty message');
    throw new InvalidAuditEventError(`not JSON: ${describeSyntaxError(error, message.length)}`);
  }
}

/** V8's message without the quoted input: the position or "unexpected end". */
function describeSyntaxError(error: unknown, length: number): string {
  const text = error instanceof Error ? error.message : '';
  if (/end of (JSON )?input|Unterminated/i.test(text)) {
    return `unexpected end of input after ${length} characters (truncated JSON)`;
  }
  const position = /position (\d+)/.exec(text)?.[1];
  return position === undefined
    ? `syntax error (${length} characters)`
    : `syntax error at position ${position} of ${length}`;
}

function checkUser(value: unknown, path: string, required: boolean): void {
  if (value === undefined && !required) return;
  if (!isObject(value)) {
    throw new InvalidAuditEventError(`${path} must be an object, got ${typeName(value)}`);
  }
  optionalString(value, 'username', path);
  optionalString(value, 'uid', path);
  optionalStringArray(value.groups, `${path}.groups`);
  if (value.extra !== undefined && !isObject(value.extra)) {
    throw new InvalidAuditEventError(
      `${path}.extra must be an object, got ${typeName(value.extra)}`,
    );
  }
}

function checkObjectRef(value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    throw new InvalidAuditEventError(`objectRef must be an object, got ${typeName(value)}`);
  }
  for (const field of OBJECT_REF_FIELDS) optionalString(value, field, 'objectRef');
}

function checkResponseStatus(value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    throw new InvalidAuditEventError(`responseStatus must be an object, got ${typeName(value)}`);
  }
  if (value.code !== undefined && !Number.isInteger(value.code)) {
    throw new InvalidAuditEventError(
      `responseStatus.code must be an integer, got ${typeName(value.code)}`,
    );
  }
}

function checkAnnotations(value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    throw new InvalidAuditEventError(`annotations must be an object, got ${typeName(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (typeof value[key] !== 'string') {
      throw new InvalidAuditEventError(
        `annotations[${JSON.stringify(key.slice(0, 80))}] must be a string, got ${typeName(value[key])}`,
      );
    }
  }
}

function requireString(object: Record<string, unknown>, key: string, nonEmpty: boolean): void {
  const value = object[key];
  if (typeof value !== 'string') {
    throw new InvalidAuditEventError(`${key} must be a string, got ${typeName(value)}`);
  }
  if (nonEmpty && value === '') throw new InvalidAuditEventError(`${key} must not be empty`);
}

function optionalString(object: Record<string, unknown>, key: string, parent?: string): void {
  const value = object[key];
  if (value === undefined || typeof value === 'string') return;
  const path = parent === undefined ? key : `${parent}.${key}`;
  throw new InvalidAuditEventError(`${path} must be a string, got ${typeName(value)}`);
}

function optionalStringArray(value: unknown, path: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    throw new InvalidAuditEventError(`${path} must be an array, got ${typeName(value)}`);
  }
  const index = value.findIndex((item) => typeof item !== 'string');
  if (index !== -1) {
    throw new InvalidAuditEventError(
      `${path}[${index}] must be a string, got ${typeName(value[index])}`,
    );
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `null`, `array`, `object`, `string`, `number`, `boolean` or `undefined` (missing). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Body-free description of a value for messages: `0`, `"EventList"` (identifiers only), `string`. */
function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && /^[A-Za-z]{1,32}$/.test(value)) return JSON.stringify(value);
  return typeName(value);
}
