/**
 * Findings: what psp-audit records about one audit event. The core produces them, adapters store
 * and send them. A finding's id is derived from the audit event, so the same event seen twice is
 * the same finding.
 */

export const FINDING_TYPES = [
  'psp-violation',
  'pss-violation',
  'sensitive-file',
  'unevaluated',
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One reason a pod was denied or flagged. `policy` for PSP reasons, `check` for PSS reasons. */
export interface FindingReason {
  policy?: string;
  check?: string;
  field: string;
  message: string;
}

export interface Finding {
  /** Deterministic: `<auditID>:<type>` (one finding of each type per audit event). */
  id: string;
  type: FindingType;
  severity: Severity;
  cluster: string;
  namespace: string;
  /** Pod name (the stored name for generateName pods), or '' when the event never named one. */
  pod: string;
  /** Owning workload, `<kind>/<name>` from ownerReferences, or null. */
  workload: string | null;
  /** The requesting user (`user.username`). */
  user: string;
  /** The pod's service account (`spec.serviceAccountName`, default `default`), or null. */
  serviceAccount: string | null;
  /** The PSP that admitted the pod according to the event (`kubernetes.io/psp`), or null. */
  admittedBy: string | null;
  /** What the request did: create, update, patch, exec, attach, ephemeralcontainers. */
  action: string;
  /** requestReceivedTimestamp of the event, ISO 8601 UTC. */
  time: string;
  auditID: string;
  /** Version of the stored policy set the pod was evaluated with, or null (replay from files). */
  policySetVersion: string | null;
  /** The PSS level@version evaluated, for pss-violation findings. */
  pss?: string;
  /** One line a person reads first. */
  summary: string;
  reasons: FindingReason[];
  /** Type-specific detail, already redacted (exec command, paths, …). */
  details?: Record<string, unknown>;
}

/** A sensitive-file finding to announce at once through SNS. */
export interface Alert {
  finding: Finding;
}

/** Counts kept per cluster and hour so digests and summaries read buckets, not findings. */
export interface HourBucket {
  cluster: string;
  /** Start of the hour, ISO 8601 UTC, e.g. `2026-11-26T18:00:00.000Z`. */
  hour: string;
  /** Counters by dimension, e.g. byType['psp-violation'] = 3, byNamespace['default'] = 2. */
  byType: Record<string, number>;
  byNamespace: Record<string, number>;
  /** Policy (PSP reasons), check id (PSS reasons) or `field` keys. */
  byPolicy: Record<string, number>;
  byCheck: Record<string, number>;
  byField: Record<string, number>;
  byUser: Record<string, number>;
  byWorkload: Record<string, number>;
  /** `<namespace>` -> pods failing the configured PSS level. */
  pssFailuresByNamespace: Record<string, number>;
}

/** The counter dimensions of an hour bucket, in one place for the stores and the digests. */
export const BUCKET_DIMENSIONS = [
  'byType',
  'byNamespace',
  'byPolicy',
  'byCheck',
  'byField',
  'byUser',
  'byWorkload',
  'pssFailuresByNamespace',
] as const satisfies readonly (keyof HourBucket)[];
export type BucketDimension = (typeof BUCKET_DIMENSIONS)[number];
