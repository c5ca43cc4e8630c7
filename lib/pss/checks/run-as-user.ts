/**
 * runAsUser (restricted, v1.23; revised v1.35) — containers must not run as UID 0.
 * Fields: spec.securityContext.runAsUser and every container's securityContext.runAsUser.
 * Allowed: unset, any non-zero value.
 * v1.35+: skipped when spec.hostUsers is explicitly false (user namespace).
 */

import type { PodSpec } from '../../k8s.ts';
import { CONTAINER_LISTS, containerPath, containersOf, deny, type PssCheck } from '../check.ts';
import { append, describeContainers, nameOf } from '../format.ts';
import { usesUserNamespace } from './proc-mount.ts';

function runAsUserV1Dot23(_metadata: unknown, spec: PodSpec) {
  let setters: string[] | undefined;
  let fields: string[] | undefined;
  if (spec.securityContext?.runAsUser === 0) {
    setters = ['pod'];
    fields = ['spec.securityContext.runAsUser'];
  }
  let names: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      if (containers[i]?.securityContext?.runAsUser !== 0) continue;
      names = append(names, nameOf(containers[i] ?? {}));
      fields = append(fields, `${containerPath(list, i)}.securityContext.runAsUser`);
    }
  }
  if (names !== undefined) setters = append(setters, describeContainers(names));
  if (setters === undefined || fields === undefined) return undefined;
  return deny('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`, fields);
}

function runAsUserV1Dot35(metadata: unknown, spec: PodSpec) {
  return usesUserNamespace(spec) ? undefined : runAsUserV1Dot23(metadata, spec);
}

export const runAsUser: PssCheck = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { since: 'v1.23', evaluate: runAsUserV1Dot23 },
    { since: 'v1.35', evaluate: runAsUserV1Dot35 },
  ],
};
