/**
 * windowsHostProcess (baseline, v1.0) — Windows HostProcess containers are disallowed, whatever
 * spec.os.name says. Fields: spec.securityContext.windowsOptions.hostProcess and every
 * container's securityContext.windowsOptions.hostProcess. Allowed: unset, false.
 */

import type { PodSpec } from '../../k8s.ts';
import { CONTAINER_LISTS, containerPath, containersOf, deny, type PssCheck } from '../check.ts';
import { append, describeContainers, nameOf } from '../format.ts';

function windowsHostProcessV1Dot0(_metadata: unknown, spec: PodSpec) {
  let setters: string[] | undefined;
  let fields: string[] | undefined;
  if (spec.securityContext?.windowsOptions?.hostProcess === true) {
    setters = ['pod'];
    fields = ['spec.securityContext.windowsOptions.hostProcess'];
  }
  let names: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      if (containers[i]?.securityContext?.windowsOptions?.hostProcess !== true) continue;
      names = append(names, nameOf(containers[i] ?? {}));
      fields = append(
        fields,
        `${containerPath(list, i)}.securityContext.windowsOptions.hostProcess`,
      );
    }
  }
  if (names !== undefined) setters = append(setters, describeContainers(names));
  if (setters === undefined || fields === undefined) return undefined;
  return deny(
    'hostProcess',
    `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    fields,
  );
}

export const windowsHostProcess: PssCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ since: 'v1.0', evaluate: windowsHostProcessV1Dot0 }],
};
