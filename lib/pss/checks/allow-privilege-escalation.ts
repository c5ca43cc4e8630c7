/**
 * allowPrivilegeEscalation (restricted, v1.8; revised v1.25) — privilege escalation (setuid,
 * file capabilities) must be disallowed. Field: securityContext.allowPrivilegeEscalation on every
 * container. Allowed: false, set explicitly.
 * v1.25+: skipped when spec.os.name is windows.
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
import { append, describeContainers, nameOf } from '../format.ts';

function allowPrivilegeEscalationV1Dot8(_metadata: unknown, spec: PodSpec) {
  let names: string[] | undefined;
  let fields: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      if (containers[i]?.securityContext?.allowPrivilegeEscalation === false) continue;
      names = append(names, nameOf(containers[i] ?? {}));
      fields = append(fields, `${containerPath(list, i)}.securityContext.allowPrivilegeEscalation`);
    }
  }
  if (names === undefined || fields === undefined) return undefined;
  return deny(
    'allowPrivilegeEscalation != false',
    `${describeContainers(names)} must set securityContext.allowPrivilegeEscalation=false`,
    fields,
  );
}

function allowPrivilegeEscalationV1Dot25(metadata: unknown, spec: PodSpec) {
  return runsOnWindows(spec) ? undefined : allowPrivilegeEscalationV1Dot8(metadata, spec);
}

export const allowPrivilegeEscalation: PssCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    { since: 'v1.8', evaluate: allowPrivilegeEscalationV1Dot8 },
    { since: 'v1.25', evaluate: allowPrivilegeEscalationV1Dot25 },
  ],
};
