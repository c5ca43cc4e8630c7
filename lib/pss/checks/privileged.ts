/**
 * privileged (baseline, v1.0) — privileged containers are disallowed.
 * Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.privileged
 * Allowed: unset, false.
 */

import type { PodSpec } from '../../k8s.ts';
import { CONTAINER_LISTS, containerPath, containersOf, deny, type PssCheck } from '../check.ts';
import { append, describeContainers, nameOf } from '../format.ts';

function privilegedV1Dot0(_metadata: unknown, spec: PodSpec) {
  let names: string[] | undefined;
  let fields: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      if (containers[i]?.securityContext?.privileged !== true) continue;
      names = append(names, nameOf(containers[i] ?? {}));
      fields = append(fields, `${containerPath(list, i)}.securityContext.privileged`);
    }
  }
  if (names === undefined || fields === undefined) return undefined;
  return deny(
    'privileged',
    `${describeContainers(names)} must not set securityContext.privileged=true`,
    fields,
  );
}

export const privileged: PssCheck = {
  id: 'privileged',
  level: 'baseline',
  versions: [{ since: 'v1.0', evaluate: privilegedV1Dot0 }],
};
