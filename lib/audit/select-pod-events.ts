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
 * audit Event that cannot be a pod event, so it need not be parsed. It never says "not a pod
 * event" for a pod event: any JSON whose `objectRef.resource` is `pods` holds `"resource"`,
 * optional whitespace, `:`, `"pods"` literally unless letters were written as `\u00XX` escapes,
 * and a message with such escapes is always parsed. Messages that do not look like an Event
 * (`{"kind": 0}`, truncated lines, non-JSON) are parsed too, so they are rejected with a reason.
 */
export function isCertainlyNotPodEvent(message: string): boolean {
  if (message.includes('"resource":"pods"')) return false;
  if (!looksLikeJsonObject(message)) return false;
  if (POD_RESOURCE.test(message)) return false;
  if (ESCAPED_LETTER.test(message)) return false;
  return message.includes('"kind":"Event"') || KIND_EVENT.test(message);
}

const POD_RESOURCE = /"resource"\s*:\s*"pods"/;
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
