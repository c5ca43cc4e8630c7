/**
 * appArmorProfile (baseline, v1.0) — AppArmor must not be disabled or overridden with an
 * arbitrary profile. One revision checks annotations and fields together, at every version:
 * - metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']: allowed empty,
 *   "runtime/default", "localhost/*";
 * - spec.securityContext.appArmorProfile.type and every container's
 *   securityContext.appArmorProfile.type: allowed unset, "RuntimeDefault", "Localhost".
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

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: unknown): boolean {
  return (
    value === '' ||
    value === 'runtime/default' ||
    (typeof value === 'string' && value.startsWith('localhost/'))
  );
}

function allowedProfileType(type: unknown): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function appArmorProfileV1Dot0(metadata: PodMetadata | undefined, spec: PodSpec) {
  let setters: string[] | undefined;
  let fields: string[] | undefined;
  let values: string[] | undefined;
  const podProfile = spec.securityContext?.appArmorProfile;
  if (podProfile && !allowedProfileType(podProfile.type)) {
    setters = append(setters, 'pod');
    values = append(values, String(podProfile.type ?? ''));
    fields = append(fields, 'spec.securityContext.appArmorProfile.type');
  }
  let names: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      const profile = containers[i]?.securityContext?.appArmorProfile;
      if (!profile || allowedProfileType(profile.type)) continue;
      names = append(names, nameOf(containers[i] ?? {}));
      values = append(values, String(profile.type ?? ''));
      fields = append(fields, `${containerPath(list, i)}.securityContext.appArmorProfile.type`);
    }
  }
  if (names !== undefined) setters = append(setters, describeContainers(names));

  let annotations: string[] | undefined;
  const metadataAnnotations = metadata?.annotations;
  if (metadataAnnotations) {
    for (const key in metadataAnnotations) {
      if (!key.startsWith(ANNOTATION_PREFIX) || !Object.hasOwn(metadataAnnotations, key)) continue;
      const value = metadataAnnotations[key];
      if (allowedAnnotationValue(value)) continue;
      annotations = append(annotations, `${key}=${quoteGo(String(value))}`);
      fields = append(fields, `metadata.annotations[${key}]`);
    }
  }

  if (fields === undefined) return undefined;
  const badValues = sortedUnique(values ?? []);
  if (annotations !== undefined) {
    annotations.sort();
    badValues.push(...annotations);
    setters = append(setters, pluralize('annotation', 'annotations', annotations.length));
  }
  return deny(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValues.length),
    `${(setters ?? []).join(' and ')} must not set AppArmor profile type to ${joinQuote(badValues)}`,
    fields,
  );
}

export const appArmorProfile: PssCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ since: 'v1.0', evaluate: appArmorProfileV1Dot0 }],
};
