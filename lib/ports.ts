/**
 * Ports: the interfaces the core owns and the adapters (lib/adapters) implement. They speak the
 * core's language; no SDK type crosses them.
 */
import type { Alert, Finding, FindingType, HourBucket } from './findings.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface FindingQuery {
  cluster?: string;
  namespace?: string;
  type?: FindingType;
  user?: string;
  /** Inclusive lower bound, ISO 8601. */
  since?: string;
  /** Exclusive upper bound, ISO 8601. */
  until?: string;
  /** 1..500, default 50. */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface FindingPage {
  /** Newest first. */
  items: Finding[];
  cursor: string | null;
}

export interface SaveResult {
  /** Findings written now. */
  stored: number;
  /** Findings that were already stored (a redelivered audit event). */
  duplicates: number;
}

export interface FindingStore {
  /** Idempotent: a finding whose id is already stored is counted as a duplicate, not written. */
  save(findings: readonly Finding[]): Promise<SaveResult>;
  get(id: string): Promise<Finding | null>;
  query(query: FindingQuery): Promise<FindingPage>;
  /** Hour buckets of one cluster, or of every cluster when `cluster` is undefined. */
  readBuckets(cluster: string | undefined, from: Date, to: Date): Promise<HourBucket[]>;
  /**
   * Claims the right to send the alert of a finding: how redelivered batches send each alert
   * once. True when the alert was never claimed, or when its claim was never confirmed and is
   * older than the claim lease (the invocation that took it died before sending).
   */
  claimAlert(findingId: string): Promise<boolean>;
  /** Marks a claimed alert as sent: it is never claimed again. */
  confirmAlert(findingId: string): Promise<void>;
  /** Gives a claim back after a failed publish, so the retry sends it. */
  releaseAlert(findingId: string): Promise<void>;
}

export interface Notifier {
  /** One message per alert. Throws when the topic refuses, so the batch is retried. */
  publishAlerts(alerts: readonly Alert[]): Promise<void>;
  /** A digest: a plain-text body for e-mail and a JSON body for machine subscribers. */
  publishDigest(digest: { subject: string; text: string; json: unknown }): Promise<void>;
}

/** A stored policy set and the manifests it came from. */
export interface StoredPolicySetSummary {
  version: string;
  importedAt: string;
  /** `<kind>/<name>` (namespaced objects `<kind>/<namespace>/<name>`). */
  objects: string[];
}

export interface PolicyStore {
  /** The newest policy set, or an empty one (version null) when nothing was imported. */
  current(): Promise<import('./policy-set.ts').PolicySet>;
  /** Only the newest version id: cheap, for cache freshness checks. */
  currentVersion(): Promise<string | null>;
  /** Stores validated objects as a new version and returns it. */
  importObjects(objects: readonly unknown[]): Promise<StoredPolicySetSummary>;
  list(): Promise<StoredPolicySetSummary | null>;
  /** Removes one object into a new version; NotFoundError when absent. */
  remove(kind: string, name: string, namespace?: string): Promise<StoredPolicySetSummary>;
}
