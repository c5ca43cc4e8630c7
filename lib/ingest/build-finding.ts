/**
 * The fields every finding of one audit event shares — who, where, when, which pod — and the
 * helpers that word them. Everything here is read from untrusted JSON defensively.
 */

import type { AuditEvent } from '../audit/parse-audit-event.ts';
import { isObject } from '../audit/parse-audit-event.ts';
import type { Finding, FindingReason, FindingType, Severity } from '../findings.ts';
import type { Pod } from '../k8s.ts';

/** One audit event being acted on, with the pod it concerns (null when it has no body). */
export interface EventContext {
  cluster: string;
  event: AuditEvent;
  action: string;
  pod: Pod | null;
  policySetVersion: string | null;
}

const PSP_ANNOTATIONS = [
  'podsecuritypolicy.policy.k8s.io/validate-policy',
  'podsecuritypolicy.policy.k8s.io/admit-policy',
];

export function buildFinding(
  context: EventContext,
  type: FindingType,
  fields: {
    severity: Severity;
    summary: string;
    reasons: FindingReason[];
    pss?: string;
    details?: Record<string, unknown>;
  },
): Finding {
  const { event, pod } = context;
  const impersonated = event.impersonatedUser?.username;
  const details =
    impersonated === undefined
      ? fields.details
      : { ...fields.details, impersonatedUser: impersonated };
  return {
    id: `${event.auditID}:${type}`,
    type,
    severity: fields.severity,
    cluster: context.cluster,
    namespace: namespaceOf(context),
    pod: podNameOf(context),
    workload: workloadOf(pod),
    user: event.user.username ?? '',
    serviceAccount: pod === null ? null : serviceAccountOf(pod),
    admittedBy: admittedByOf(event, pod),
    action: context.action,
    time: toUtcTime(event.requestReceivedTimestamp),
    auditID: event.auditID,
    policySetVersion: context.policySetVersion,
    ...(fields.pss === undefined ? {} : { pss: fields.pss }),
    summary: fields.summary,
    reasons: fields.reasons,
    ...(details === undefined ? {} : { details }),
  };
}

export function namespaceOf(context: Pick<EventContext, 'event' | 'pod'>): string {
  const fromRef = context.event.objectRef?.namespace;
  if (fromRef !== undefined && fromRef !== '') return fromRef;
  const fromPod = context.pod?.metadata?.namespace;
  return typeof fromPod === 'string' ? fromPod : '';
}

/** The stored name (generated names exist only in the response), else the objectRef name. */
export function podNameOf(context: Pick<EventContext, 'event' | 'pod'>): string {
  const stored = context.pod?.metadata?.name;
  if (typeof stored === 'string' && stored !== '') return stored;
  return context.event.objectRef?.name ?? '';
}

/** `<namespace>/<pod>` for summaries; a generateName prefix with `*` when unnamed. */
export function describePod(context: Pick<EventContext, 'event' | 'pod'>): string {
  const name = podNameOf(context);
  const generate = context.pod?.metadata?.generateName;
  const shown = name !== '' ? name : typeof generate === 'string' ? `${generate}*` : '(unnamed)';
  const namespace = namespaceOf(context);
  return namespace === '' ? shown : `${namespace}/${shown}`;
}

export function describeUser(event: AuditEvent): string {
  const user = event.user.username ?? 'unknown user';
  const as = event.impersonatedUser?.username;
  return as === undefined ? user : `${user} (as ${as})`;
}

function workloadOf(pod: Pod | null): string | null {
  const owners = pod?.metadata?.ownerReferences as unknown;
  if (!Array.isArray(owners)) return null;
  const valid = owners.filter(
    (owner): owner is { kind: string; name: string; controller?: unknown } =>
      isObject(owner) && typeof owner.kind === 'string' && typeof owner.name === 'string',
  );
  const owner = valid.find((candidate) => candidate.controller === true) ?? valid[0];
  return owner === undefined ? null : `${owner.kind}/${owner.name}`;
}

export function serviceAccountOf(pod: Pod): string {
  const spec = pod.spec as unknown;
  if (!isObject(spec)) return 'default';
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') {
    return spec.serviceAccountName;
  }
  if (typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '') {
    return spec.serviceAccount;
  }
  return 'default';
}

function admittedByOf(event: AuditEvent, pod: Pod | null): string | null {
  for (const key of PSP_ANNOTATIONS) {
    const value = event.annotations[key];
    if (value !== undefined && value !== '') return value;
  }
  const annotations = pod?.metadata?.annotations as unknown;
  const fromPod = isObject(annotations) ? annotations['kubernetes.io/psp'] : undefined;
  return typeof fromPod === 'string' && fromPod !== '' ? fromPod : null;
}

/** The timestamp as written when it is UTC (microseconds kept), else converted to UTC. */
export function toUtcTime(timestamp: string): string {
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(timestamp)) return timestamp;
  return new Date(Date.parse(timestamp)).toISOString();
}

/** `a`, `a and b`, `a, b and 3 more`. */
export function listSome(items: readonly string[], shown = 2): string {
  if (items.length <= shown) {
    return items.length <= 1
      ? (items[0] ?? '')
      : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  }
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
