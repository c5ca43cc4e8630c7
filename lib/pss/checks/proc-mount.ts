/**
 * procMount (baseline, v1.0; revised v1.35) — the default /proc masks must be kept.
 * Field: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.procMount
 * Allowed: unset, "Default".
 * v1.35+: any value is allowed when spec.hostUsers is explicitly false (a user namespace).
 * At restricted v1.35+, procMount_restricted replaces this check.
 */

import type { PodSpec } from '../../k8s.ts';
import {
  CONTAINER_LISTS,
  containerPath,
  containersOf,
  deny,
  type PssCheck,
  type PssDenial,
} from '../check.ts';
import { append, describeContainers, joinQuote, nameOf, sortedUnique } from '../format.ts';

/** The pod runs in its own user namespace: spec.hostUsers set explicitly to false. */
export function usesUserNamespace(spec: PodSpec): boolean {
  return spec.hostUsers === false;
}

/** Any container setting a procMount other than "Default" — shared with procMount_restricted. */
export function denyNonDefaultProcMount(spec: PodSpec): PssDenial | undefined {
  let names: string[] | undefined;
  let fields: string[] | undefined;
  let values: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      const procMount = containers[i]?.securityContext?.procMount;
      if (procMount === undefined || procMount === null || procMount === 'Default') continue;
      names = append(names, nameOf(containers[i] ?? {}));
      values = append(values, String(procMount));
      fields = append(fields, `${containerPath(list, i)}.securityContext.procMount`);
    }
  }
  if (names === undefined || fields === undefined || values === undefined) return undefined;
  return deny(
    'procMount',
    `${describeContainers(names)} must not set securityContext.procMount to ${joinQuote(sortedUnique(values))}`,
    fields,
  );
}

function procMountV1Dot0(_metadata: unknown, spec: PodSpec) {
  return denyNonDefaultProcMount(spec);
}

function procMountV1Dot35(_metadata: unknown, spec: PodSpec) {
  return usesUserNamespace(spec) ? undefined : denyNonDefaultProcMount(spec);
}

export const procMount: PssCheck = {
  id: 'procMount',
  level: 'baseline',
  versions: [
    { since: 'v1.0', evaluate: procMountV1Dot0 },
    { since: 'v1.35', evaluate: procMountV1Dot35 },
  ],
};
