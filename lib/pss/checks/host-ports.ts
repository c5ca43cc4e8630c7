/**
 * hostPorts (baseline, v1.0) — containers must not bind host ports.
 * Fields: spec.{initContainers,containers,ephemeralContainers}[*].ports[*].hostPort
 * Allowed: unset, 0.
 */

import type { PodSpec } from '../../k8s.ts';
import { CONTAINER_LISTS, containerPath, containersOf, deny, type PssCheck } from '../check.ts';
import { append, describeContainers, nameOf, pluralize, sortedUnique } from '../format.ts';

function hostPortsV1Dot0(_metadata: unknown, spec: PodSpec) {
  let names: string[] | undefined;
  let fields: string[] | undefined;
  let ports: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      const declared = containers[i]?.ports;
      if (!Array.isArray(declared)) continue;
      let bad = false;
      for (let p = 0; p < declared.length; p += 1) {
        const hostPort = declared[p]?.hostPort;
        if (hostPort === undefined || hostPort === null || hostPort === 0) continue;
        bad = true;
        ports = append(ports, String(hostPort));
        fields = append(fields, `${containerPath(list, i)}.ports[${p}].hostPort`);
      }
      if (bad) names = append(names, nameOf(containers[i] ?? {}));
    }
  }
  if (names === undefined || fields === undefined || ports === undefined) return undefined;
  const distinct = sortedUnique(ports);
  return deny(
    'hostPort',
    `${describeContainers(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`,
    fields,
  );
}

export const hostPorts: PssCheck = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ since: 'v1.0', evaluate: hostPortsV1Dot0 }],
};
