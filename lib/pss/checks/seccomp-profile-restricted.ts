/**
 * seccompProfile_restricted (restricted, v1.19; revised v1.25) — every container must run with
 * a seccomp profile. Fields: spec.securityContext.seccompProfile.type and every container's
 * securityContext.seccompProfile.type. Allowed: "RuntimeDefault", "Localhost"; a container may
 * leave it unset when the pod sets a valid profile. Annotations are ignored.
 * v1.25+: skipped when spec.os.name is windows. Overrides seccompProfile_baseline.
 */

import type { PodSpec } from '../../k8s.ts';
import {
  CONTAINER_LISTS,
  containerPath,
  containersOf,
  deny,
  type PssCheck,
  runsOnWindows,
} from '../check.ts';
import { append, describeContainers, joinQuote, nameOf, sortedUnique } from '../format.ts';
import { validSeccompType } from './seccomp-profile-baseline.ts';

function seccompProfileRestrictedV1Dot19(_metadata: unknown, spec: PodSpec) {
  const podProfile = spec.securityContext?.seccompProfile;
  const podBad = !!podProfile && !validSeccompType(podProfile.type);
  const podCovers = !!podProfile && !podBad;
  let explicit: string[] | undefined;
  let implicit: string[] | undefined;
  let explicitFields: string[] | undefined;
  let implicitFields: string[] | undefined;
  let values: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      const profile = containers[i]?.securityContext?.seccompProfile;
      if (!profile) {
        if (podCovers) continue;
        implicit = append(implicit, nameOf(containers[i] ?? {}));
        implicitFields = append(
          implicitFields,
          `${containerPath(list, i)}.securityContext.seccompProfile.type`,
        );
      } else if (!validSeccompType(profile.type)) {
        explicit = append(explicit, nameOf(containers[i] ?? {}));
        explicitFields = append(
          explicitFields,
          `${containerPath(list, i)}.securityContext.seccompProfile.type`,
        );
        values = append(values, String(profile.type ?? ''));
      }
    }
  }
  if (podBad || explicit !== undefined) {
    const setters = podBad ? ['pod'] : [];
    const fields = podBad ? ['spec.securityContext.seccompProfile.type'] : [];
    if (podBad) values = append(values, String(podProfile?.type ?? ''));
    if (explicit !== undefined) setters.push(describeContainers(explicit));
    if (explicitFields !== undefined) fields.push(...explicitFields);
    return deny(
      'seccompProfile',
      `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(values ?? []))}`,
      fields,
    );
  }
  if (implicit === undefined || implicitFields === undefined) return undefined;
  return deny(
    'seccompProfile',
    `pod or ${describeContainers(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    implicitFields,
  );
}

function seccompProfileRestrictedV1Dot25(metadata: unknown, spec: PodSpec) {
  return runsOnWindows(spec) ? undefined : seccompProfileRestrictedV1Dot19(metadata, spec);
}

export const seccompProfileRestricted: PssCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  overrides: ['seccompProfile_baseline'],
  versions: [
    { since: 'v1.19', evaluate: seccompProfileRestrictedV1Dot19 },
    { since: 'v1.25', evaluate: seccompProfileRestrictedV1Dot25 },
  ],
};
