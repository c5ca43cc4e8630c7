/**
 * seccompProfile_baseline (baseline, v1.0; revised v1.19) — seccomp must not be unconfined.
 * v1.0–v1.18, annotations only: metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']
 *   and ['container.seccomp.security.alpha.kubernetes.io/<container name>'].
 *   Allowed: unset, "runtime/default", "docker/default", "localhost/*".
 * v1.19+, fields only: spec.securityContext.seccompProfile.type and every container's
 *   securityContext.seccompProfile.type. Allowed: unset, "RuntimeDefault", "Localhost".
 * At restricted v1.19+, seccompProfile_restricted replaces this check.
 */

import type { PodSpec } from '../../k8s.ts';
import {
  CONTAINER_LISTS,
  containerPath,
  containersOf,
  deny,
  type PodMetadata,
  type PssCheck,
} from '../check.ts';
import {
  append,
  describeContainers,
  joinQuote,
  nameOf,
  pluralize,
  quoteGo,
  sortedUnique,
} from '../format.ts';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validAnnotationValue(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    (value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/'))
  );
}

/** RuntimeDefault or Localhost — the profile types the library accepts. */
export function validSeccompType(type: unknown): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function seccompProfileBaselineV1Dot0(metadata: PodMetadata | undefined, spec: PodSpec) {
  const annotations = metadata?.annotations;
  if (annotations === undefined || annotations === null) return undefined;
  let forbidden: string[] | undefined;
  let fields: string[] | undefined;
  const inspect = (key: string) => {
    if (!Object.hasOwn(annotations, key)) return;
    const value = annotations[key];
    if (validAnnotationValue(value)) return;
    const path = `metadata.annotations[${key}]`;
    if (fields?.includes(path)) return;
    forbidden = append(forbidden, `${key}=${quoteGo(String(value))}`);
    fields = append(fields, path);
  };
  inspect(POD_ANNOTATION);
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      inspect(CONTAINER_ANNOTATION_PREFIX + nameOf(containers[i] ?? {}));
    }
  }
  if (forbidden === undefined || fields === undefined) return undefined;
  const sorted = sortedUnique(forbidden);
  return deny(
    'seccompProfile',
    `forbidden ${pluralize('annotation', 'annotations', sorted.length)} ${sorted.join(', ')}`,
    fields,
  );
}

function seccompProfileBaselineV1Dot19(_metadata: unknown, spec: PodSpec) {
  let setters: string[] | undefined;
  let fields: string[] | undefined;
  let values: string[] | undefined;
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile && !validSeccompType(podProfile.type)) {
    setters = append(setters, 'pod');
    values = append(values, String(podProfile.type ?? ''));
    fields = append(fields, 'spec.securityContext.seccompProfile.type');
  }
  let names: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      const profile = containers[i]?.securityContext?.seccompProfile;
      if (!profile || validSeccompType(profile.type)) continue;
      names = append(names, nameOf(containers[i] ?? {}));
      values = append(values, String(profile.type ?? ''));
      fields = append(fields, `${containerPath(list, i)}.securityContext.seccompProfile.type`);
    }
  }
  if (names !== undefined) setters = append(setters, describeContainers(names));
  if (setters === undefined || fields === undefined || values === undefined) return undefined;
  return deny(
    'seccompProfile',
    `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(values))}`,
    fields,
  );
}

export const seccompProfileBaseline: PssCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  versions: [
    { since: 'v1.0', evaluate: seccompProfileBaselineV1Dot0 },
    { since: 'v1.19', evaluate: seccompProfileBaselineV1Dot19 },
  ],
};
