/**
 * runAsNonRoot (restricted, v1.0; revised v1.35) — containers must be required to run as
 * non-root users. Fields: spec.securityContext.runAsNonRoot and every container's
 * securityContext.runAsNonRoot. Allowed: true; unset at container level when the pod sets true.
 * A non-zero runAsUser does not count. No Windows exemption.
 * v1.35+: skipped when spec.hostUsers is explicitly false (user namespace).
 */

import type { PodSpec } from '../../k8s.ts';
import { CONTAINER_LISTS, containerPath, containersOf, deny, type PssCheck } from '../check.ts';
import { append, describeContainers, nameOf } from '../format.ts';
import { usesUserNamespace } from './proc-mount.ts';

function runAsNonRootV1Dot0(_metadata: unknown, spec: PodSpec) {
  const podValue = spec.securityContext?.runAsNonRoot;
  const podSetsFalse = podValue !== undefined && podValue !== null && podValue !== true;
  const podCovers = podValue === true;
  let explicit: string[] | undefined;
  let implicit: string[] | undefined;
  let explicitFields: string[] | undefined;
  let implicitFields: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      const value = containers[i]?.securityContext?.runAsNonRoot;
      if (value === undefined || value === null) {
        if (podCovers) continue;
        implicit = append(implicit, nameOf(containers[i] ?? {}));
        implicitFields = append(
          implicitFields,
          `${containerPath(list, i)}.securityContext.runAsNonRoot`,
        );
      } else if (value !== true) {
        explicit = append(explicit, nameOf(containers[i] ?? {}));
        explicitFields = append(
          explicitFields,
          `${containerPath(list, i)}.securityContext.runAsNonRoot`,
        );
      }
    }
  }
  if (podSetsFalse || explicit !== undefined) {
    const setters = podSetsFalse ? ['pod'] : [];
    const fields = podSetsFalse ? ['spec.securityContext.runAsNonRoot'] : [];
    if (explicit !== undefined) setters.push(describeContainers(explicit));
    if (explicitFields !== undefined) fields.push(...explicitFields);
    return deny(
      'runAsNonRoot != true',
      `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      fields,
    );
  }
  if (implicit === undefined || implicitFields === undefined) return undefined;
  return deny(
    'runAsNonRoot != true',
    `pod or ${describeContainers(implicit)} must set securityContext.runAsNonRoot=true`,
    implicitFields,
  );
}

function runAsNonRootV1Dot35(metadata: unknown, spec: PodSpec) {
  return usesUserNamespace(spec) ? undefined : runAsNonRootV1Dot0(metadata, spec);
}

export const runAsNonRoot: PssCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { since: 'v1.0', evaluate: runAsNonRootV1Dot0 },
    { since: 'v1.35', evaluate: runAsNonRootV1Dot35 },
  ],
};
