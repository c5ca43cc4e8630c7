/**
 * The shape of a Pod Security Standards check, as the Pod Security Admission library defines it:
 * an id, a level and a list of revisions, each in force from a policy version onwards. A revision
 * is a pure function of the pod's metadata and spec; it returns `undefined` when the pod is
 * allowed (no allocation on that path) and a denial otherwise.
 */
import type { Container, EphemeralContainer, Pod, PodSpec } from '../k8s.ts';

export type PssCheckLevel = 'baseline' | 'restricted';
export type PodMetadata = NonNullable<Pod['metadata']>;
export type AnyContainer = Container | EphemeralContainer;

/** Why a check rejects a pod: the library's short reason, a specific detail, the field paths. */
export interface PssDenial {
  reason: string;
  detail: string;
  fields: string[];
}

export type PssCheckFn = (
  metadata: PodMetadata | undefined,
  spec: PodSpec,
) => PssDenial | undefined;

export interface PssCheckRevision {
  /** First policy version this revision applies to, `v1.<minor>`. */
  since: string;
  evaluate: PssCheckFn;
}

export interface PssCheck {
  /** The library's check id, verbatim (`capabilities_baseline`). */
  id: string;
  level: PssCheckLevel;
  /** Baseline checks this restricted check replaces at restricted, from its first version. */
  overrides?: readonly string[];
  /** Strictly increasing `since`; the newest revision not newer than the target applies. */
  versions: readonly PssCheckRevision[];
}

/** Container lists every per-container check visits, in the library's order. */
export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** The containers of one list, or an empty array when the field is missing or malformed. */
export function containersOf(
  spec: PodSpec,
  list: (typeof CONTAINER_LISTS)[number],
): readonly AnyContainer[] {
  const containers = spec[list];
  return Array.isArray(containers) ? containers : NO_CONTAINERS;
}
const NO_CONTAINERS: readonly AnyContainer[] = [];

export function containerPath(list: (typeof CONTAINER_LISTS)[number], index: number): string {
  return `spec.${list}[${index}]`;
}

export function deny(reason: string, detail: string, fields: string[]): PssDenial {
  return { reason, detail, fields };
}

/** spec.os.name is windows — the only signal the library uses for its Windows exemptions. */
export function runsOnWindows(spec: PodSpec): boolean {
  return spec.os?.name === 'windows';
}
