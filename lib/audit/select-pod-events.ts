/**
 * Which audit events psp-audit acts on, and which body of them is the pod
 * (eks-audit-events.md §5, §6, §8). Pod changes are `pods` in the core group with no subresource
 * and verb create / update / patch; `pods/ephemeralcontainers` changes; `pods/exec` and
 * `pods/attach` sessions over SPDY (`create`) or WebSocket (`get`). Everything else — status,
 * binding, eviction, delete, reads — is not a pod change.
 */
import type { Pod } from '../k8s.ts';
import { type AuditEvent, isObject } from './parse-audit-event.ts';
import { isDryRun } from './parse-request-uri.ts';

export type PodEventKind = 'write' | 'ephemeralcontainers' | 'exec' | 'attach';

export interface PodEvent {
  kind: PodEventKind;
  /** Finding `action`: create, update, patch, ephemeralcontainers, exec, attach. */
  action: string;
  event: AuditEvent;
}

/** Why a pod event is not acted on. */
export type SkipReason = 'request-received' | 'panic' | 'failed' | 'dry-run';

const WRITE_VERBS = new Set(['create', 'update', 'patch']);
const SESSION_VERBS = new Set(['create', 'get']);

/** The pod event an audit event is, or null when psp-audit has nothing to do with it. */
export function selectPodEvent(event: AuditEvent): PodEvent | null {
  const ref = event.objectRef;
  if (ref === undefined || ref.resource !== 'pods') return null;
  if (ref.apiGroup !== undefined && ref.apiGroup !== '') return null;
  const subresource = ref.subresource ?? '';
  const verb = event.verb;
  if (subresource === '') {
    return WRITE_VERBS.has(verb) ? { kind: 'write', action: verb, event } : null;
  }
  if (subresource === 'ephemeralcontainers') {
    return verb === 'patch' || verb === 'update'
      ? { kind: 'ephemeralcontainers', action: subresource, event }
      : null;
  }
  if (subresource === 'exec' || subresource === 'attach') {
    return SESSION_VERBS.has(verb) ? { kind: subresource, action: subresource, event } : null;
  }
  return null;
}

/**
 * Why this pod event changed nothing and is skipped, or null when it is to be acted on.
 * RequestReceived carries no status and no body (the final stage follows); code ≥ 400 and dry
 * runs changed nothing although their bodies look real.
 */
export function selectSkipReason(event: AuditEvent): SkipReason | null {
  if (event.stage === 'RequestReceived') return 'request-received';
  if (event.stage === 'Panic') return 'panic';
  const code = event.responseStatus?.code;
  if (code !== undefined && code >= 400) return 'failed';
  if (isDryRun(event.requestURI)) return 'dry-run';
  return null;
}

/**
 * The pod to evaluate: the stored pod in `responseObject` when present; else `requestObject`,
 * only for create / update and only if it is a Pod (a patch document is never a pod). Null when
 * the event carries no usable body (Metadata level, truncated to metadata, a non-pod body).
 */
export function selectPodBody(podEvent: PodEvent): Pod | null {
  const { event } = podEvent;
  if (isPodObject(event.responseObject)) return event.responseObject;
  const verb = event.verb;
  if (podEvent.kind === 'write' && (verb === 'create' || verb === 'update')) {
    if (isPodObject(event.requestObject)) return event.requestObject;
  }
  return null;
}

/** A JSON object that says it is a Pod (or has no kind but a pod spec). */
export function isPodObject(value: unknown): value is Pod {
  if (!isObject(value)) return false;
  if (value.kind === 'Pod') return true;
  return value.kind === undefined && isObject(value.spec) && Array.isArray(value.spec.containers);
}

/** Why no pod was found, in words for the unevaluated finding. */
export function describeMissingBody(podEvent: PodEvent): string {
  const { event } = podEvent;
  if (event.truncated === true) {
    return 'no pod body: the log pipeline cut the event short ([Truncated...]) and its bodies were lost';
  }
  if (event.level === 'Metadata') return 'no pod body: the event was logged at Metadata level';
  if (event.responseObject === undefined && event.requestObject === undefined) {
    return `no pod body in the event (level ${event.level ?? 'unknown'})`;
  }
  if (event.responseObject === undefined && event.verb === 'patch') {
    return 'no stored pod in responseObject, and a patch document is not a pod';
  }
  return 'the event body is not a Pod';
}

/**
 * Cheap test on the raw message: true only when the message is certainly a well-formed-looking
 * audit Event that psp-audit does not act on, so it need not be parsed. It never says so of a
 * pod event psp-audit acts on. Messages that do not look like an Event (`{"kind": 0}`, truncated
 * lines, non-JSON) are parsed, so they are rejected with a reason.
 *
 * Messages written by the API server (Go's encoder, recognised by their exact opening) are read
 * by position (isNotActedOnInGoOrder): no scan of the whole message. Any other JSON is parsed
 * unless it certainly names no pods: a JSON text whose `objectRef.resource` is `pods` holds
 * `"resource"`, optional whitespace, `:`, `"pods"` literally, unless letters were written as
 * `\u00XX` escapes, and a message with such escapes is always parsed.
 */
export function isCertainlyNotPodEvent(message: string): boolean {
  if (!looksLikeJsonObject(message)) return false;
  if (message.startsWith(GO_ORDER_PREFIX)) return isNotActedOnInGoOrder(message);
  if (message.includes('"resource":"pods"') || hasSpacedPodResource(message)) return false;
  if (message.includes('\\u00') && ESCAPED_LETTER.test(message)) return false;
  return message.includes('"kind":"Event"') || KIND_EVENT.test(message);
}

/** `"resource"`, whitespace, `:`, whitespace, `"pods"`: the form JSON allows besides compact. */
function hasSpacedPodResource(message: string): boolean {
  for (
    let at = message.indexOf('"resource"');
    at !== -1;
    at = message.indexOf('"resource"', at + 1)
  ) {
    let i = at + 10;
    while (isJsonSpace(message.charCodeAt(i))) i += 1;
    if (message.charCodeAt(i) !== 0x3a) continue;
    i += 1;
    while (isJsonSpace(message.charCodeAt(i))) i += 1;
    if (message.startsWith('"pods"', i)) return true;
  }
  return false;
}

/**
 * For a message in the API server's field order (`kind`, `apiVersion`, `level`, `auditID`,
 * `stage`, `requestURI`, `verb`, `user`, `impersonatedUser`, `sourceIPs`, `userAgent`,
 * `objectRef`, then status and bodies; compact, letters never escaped): true unless it is a pod
 * event psp-audit acts on. The first `"verb":"` is the top-level verb (only plain strings come
 * before it). The first `"objectRef":{` is the top-level objectRef (`user.extra` values are
 * arrays), or, when there is none, one inside a body of an event that then names no pod at all.
 * objectRef holds only strings, `resource` first, so it ends at the first `}`, which is
 * structural when a `"` precedes it and the object holds no backslash. Anything else is left to
 * the parser.
 */
function isNotActedOnInGoOrder(message: string): boolean {
  const refStart = message.indexOf('"objectRef":{');
  if (refStart === -1) return true; // a non-resource request (/readyz, /version …)
  const refEnd = message.indexOf('}', refStart);
  if (refEnd === -1 || message.charCodeAt(refEnd - 1) !== 0x22) return false;
  const ref = message.slice(refStart + 13, refEnd);
  if (ref.includes('\\') || ref.includes('{') || !ref.startsWith('"resource":"')) return false;
  if (!ref.startsWith('"resource":"pods"')) return true;
  const verb = stringAfter(message, '"verb":"', 0);
  if (verb === null) return false;
  const subresource = stringAfter(ref, '"subresource":"', 0) ?? '';
  if (subresource === '') return verb !== 'create' && verb !== 'update' && verb !== 'patch';
  if (subresource === 'exec' || subresource === 'attach') {
    return verb !== 'create' && verb !== 'get';
  }
  if (subresource === 'ephemeralcontainers') return verb !== 'patch' && verb !== 'update';
  return true;
}

const GO_ORDER_PREFIX = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"';

/** The characters after `key` up to the next `"`, or null. */
function stringAfter(text: string, key: string, from: number): string | null {
  const start = text.indexOf(key, from);
  if (start === -1) return null;
  const end = text.indexOf('"', start + key.length);
  return end === -1 ? null : text.slice(start + key.length, end);
}

const ESCAPED_LETTER = /\\u00[4-7][0-9A-Fa-f]/;
const KIND_EVENT = /"kind"\s*:\s*"Event"/;

function looksLikeJsonObject(message: string): boolean {
  let start = 0;
  while (start < message.length && isJsonSpace(message.charCodeAt(start))) start += 1;
  let end = message.length - 1;
  while (end > start && isJsonSpace(message.charCodeAt(end))) end -= 1;
  return message.charCodeAt(start) === 0x7b && message.charCodeAt(end) === 0x7d;
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
