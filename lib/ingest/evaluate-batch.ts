/**
 * The pure ingest pipeline: one batch of audit-event messages in, findings, alerts and counts
 * out. No I/O, nothing thrown for bad data: a record that is not an audit Event is counted and
 * reported with its index, record id, auditID when readable and a reason — never its body —
 * and the batch goes on.
 *
 * Each auditID is acted on once, whatever its stages and redeliveries (within the batch, and
 * across batches through `seen`). Messages that are certainly not pod events are recognised
 * from the raw text and never fully parsed (see isCertainlyNotPodEvent), which keeps the cost of
 * a batch close to that of reading it.
 *
 * Every record ends in exactly one bucket:
 *   malformed                                — rejected, listed in `rejected`;
 *   events − podEvents                       — audit events that are not pod events;
 *   podEvents = evaluated + unevaluated + skipped
 *     evaluated   — pod changes judged on their body, exec / attach sessions inspected;
 *     unevaluated — pod changes with no usable body (an `unevaluated` finding each), including
 *                   events the log pipeline cut short (see salvage-truncated-event.ts);
 *     skipped     — RequestReceived / Panic stages, failed (≥ 400) and dry-run requests,
 *                   auditIDs already acted on, and pod updates neither admission plugin would
 *                   have judged (see lib/audit/patch-scope.ts).
 *
 * A pod update only one plugin would have judged is judged by that plugin alone; the other's
 * skip is counted in `skippedChecks`, never reported as an unevaluated finding.
 */
import { extractAuditId, parseAuditEvent } from '../audit/parse-audit-event.ts';
import { selectAdmissionChecks } from '../audit/patch-scope.ts';
import { salvageTruncatedEvent } from '../audit/salvage-truncated-event.ts';
import {
  isCertainlyNotPodEvent,
  type SkipReason,
  selectPodEvent,
  selectSkipReason,
} from '../audit/select-pod-events.ts';
import { InvalidAuditEventError } from '../errors.ts';
import type { Alert, Finding } from '../findings.ts';
import type { PolicySet } from '../policy-set.ts';
import type { PssTarget } from '../pss/evaluate-pss.ts';
import { evaluatePodEvent, type PodSession } from './evaluate-pod-event.ts';

export type { PodSession } from './evaluate-pod-event.ts';

export interface BatchInput {
  cluster: string;
  /**
   * One audit Event JSON per record. `timestamp` (the log event's, epoch ms) stands in for the
   * time of an event cut short by the log pipeline.
   */
  records: { id: string; message: string; timestamp?: number }[];
}

export interface EvaluateOptions {
  policySet: PolicySet;
  pss: PssTarget;
  /**
   * auditIDs already acted on in this container; read and extended. Optional: the finding ids
   * and the alert claims make redelivery harmless anyway, this only saves the work.
   */
  seen?: Set<string>;
}

export interface BatchCounts {
  events: number;
  podEvents: number;
  evaluated: number;
  unevaluated: number;
  findings: number;
  alerts: number;
  malformed: number;
  skipped: number;
}

export interface Rejected {
  recordId: string;
  index: number;
  auditID: string | null;
  reason: string;
}

export interface BatchResult {
  findings: Finding[];
  alerts: Alert[];
  counts: BatchCounts;
  rejected: Rejected[];
  /**
   * exec and attach sessions (redacted), sensitive or not. A plain exec or attach is activity,
   * not a finding: there is no policy it breaks; only a sensitive target makes it one.
   */
  sessions: PodSession[];
  /**
   * Pod events not acted on, by reason (their sum is counts.skipped). `insignificant-update`: a
   * patch that neither PSP (policies imported) nor PSS would have evaluated.
   */
  skippedBy: Record<SkipReason | 'duplicate' | 'insignificant-update', number>;
  /**
   * Pod patches a plugin would not have evaluated, per plugin, whether or not the other one did:
   * PSP (counted only with policies imported) for a patch of only ownerReferences / finalizers,
   * PSS for a patch that changes no image, container count or seccomp annotation.
   */
  skippedChecks: Record<'psp-insignificant-update' | 'pss-insignificant-update', number>;
}

/** Counts of a batch in which nothing happened yet. */
export function emptyBatchCounts(): BatchCounts {
  return {
    events: 0,
    podEvents: 0,
    evaluated: 0,
    unevaluated: 0,
    findings: 0,
    alerts: 0,
    malformed: 0,
    skipped: 0,
  };
}

export function evaluateBatch(input: BatchInput, options: EvaluateOptions): BatchResult {
  const counts = emptyBatchCounts();
  const skippedBy: BatchResult['skippedBy'] = {
    'request-received': 0,
    panic: 0,
    failed: 0,
    'dry-run': 0,
    duplicate: 0,
    'insignificant-update': 0,
  };
  const skippedChecks: BatchResult['skippedChecks'] = {
    'psp-insignificant-update': 0,
    'pss-insignificant-update': 0,
  };
  const withPolicies = options.policySet.policies.length > 0;
  const findings: Finding[] = [];
  const alerts: Alert[] = [];
  const rejected: Rejected[] = [];
  const sessions: PodSession[] = [];
  const seen = options.seen ?? new Set<string>();
  const podOptions = { cluster: input.cluster, policySet: options.policySet, pss: options.pss };
  const records = Array.isArray(input.records) ? input.records : [];

  for (let index = 0; index < records.length; index += 1) {
    const record = records[index];
    const recordId = typeof record?.id === 'string' ? record.id : `#${index}`;
    const message = record?.message as unknown;
    if (typeof message === 'string' && isCertainlyNotPodEvent(message)) {
      counts.events += 1;
      continue;
    }
    let event: ReturnType<typeof parseAuditEvent>;
    try {
      event = parseAuditEvent(message as string);
    } catch (error) {
      // An event cut short keeps its metadata: a pod change in it becomes `unevaluated`.
      const salvaged = salvageTruncatedEvent(message, record?.timestamp);
      if (salvaged === null) {
        counts.malformed += 1;
        rejected.push({
          recordId,
          index,
          auditID: extractAuditId(message),
          reason: reasonOf(error),
        });
        continue;
      }
      event = salvaged;
    }
    counts.events += 1;
    const podEvent = selectPodEvent(event);
    if (podEvent === null) continue;
    counts.podEvents += 1;
    const skip = selectSkipReason(event);
    if (skip === 'request-received' || skip === 'panic') {
      // No status yet (or none ever): the final stage decides, so the auditID stays open.
      counts.skipped += 1;
      skippedBy[skip] += 1;
      continue;
    }
    if (seen.has(event.auditID)) {
      counts.skipped += 1;
      skippedBy.duplicate += 1;
      continue;
    }
    seen.add(event.auditID);
    if (skip !== null) {
      counts.skipped += 1;
      skippedBy[skip] += 1;
      continue;
    }
    const checks = selectAdmissionChecks(podEvent);
    if (podEvent.kind === 'write') {
      if (withPolicies && !checks.psp) skippedChecks['psp-insignificant-update'] += 1;
      if (!checks.pss) skippedChecks['pss-insignificant-update'] += 1;
      if (!(withPolicies && checks.psp) && !checks.pss) {
        counts.skipped += 1;
        skippedBy['insignificant-update'] += 1;
        continue;
      }
    }
    let outcome: ReturnType<typeof evaluatePodEvent>;
    try {
      outcome = evaluatePodEvent(podEvent, { ...podOptions, checks });
    } catch (error) {
      // A body no rule foresaw: reported like a bad record, and the batch goes on.
      counts.unevaluated += 1;
      rejected.push({ recordId, index, auditID: event.auditID, reason: reasonOf(error) });
      continue;
    }
    if (outcome.evaluated) counts.evaluated += 1;
    else counts.unevaluated += 1;
    findings.push(...outcome.findings);
    if (outcome.alert !== null) alerts.push({ finding: outcome.alert });
    if (outcome.session !== null) sessions.push(outcome.session);
  }
  counts.findings = findings.length;
  counts.alerts = alerts.length;
  return { findings, alerts, counts, rejected, sessions, skippedBy, skippedChecks };
}

function reasonOf(error: unknown): string {
  if (error instanceof InvalidAuditEventError) return error.message;
  // Not expected: only a bug gets here. Keep the error's name, never its text (it may quote data).
  return `record could not be processed (${error instanceof Error ? error.name : typeof error})`;
}
