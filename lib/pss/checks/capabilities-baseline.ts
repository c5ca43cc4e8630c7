/**
 * capabilities_baseline (baseline, v1.0) — adding capabilities beyond the default set is
 * disallowed. Field: spec.{initContainers,containers,ephemeralContainers}[*].securityContext
 * .capabilities.add. Allowed: unset, empty, or only names from the default set below (exact,
 * case-sensitive). capabilities.drop is not examined.
 * At restricted v1.22+, capabilities_restricted replaces this check.
 */

import type { PodSpec } from '../../k8s.ts';
import { CONTAINER_LISTS, containerPath, containersOf, deny, type PssCheck } from '../check.ts';
import { append, describeContainers, joinQuote, nameOf, sortedUnique } from '../format.ts';

const ALLOWED_V1_0: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaselineV1Dot0(_metadata: unknown, spec: PodSpec) {
  let names: string[] | undefined;
  let fields: string[] | undefined;
  let added: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      const add = containers[i]?.securityContext?.capabilities?.add;
      if (!Array.isArray(add)) continue;
      let bad = false;
      for (let a = 0; a < add.length; a += 1) {
        const capability = add[a];
        if (typeof capability === 'string' && ALLOWED_V1_0.has(capability)) continue;
        bad = true;
        added = append(added, String(capability));
        fields = append(fields, `${containerPath(list, i)}.securityContext.capabilities.add[${a}]`);
      }
      if (bad) names = append(names, nameOf(containers[i] ?? {}));
    }
  }
  if (names === undefined || fields === undefined || added === undefined) return undefined;
  return deny(
    'non-default capabilities',
    `${describeContainers(names)} must not include ${joinQuote(sortedUnique(added))} in securityContext.capabilities.add`,
    fields,
  );
}

export const capabilitiesBaseline: PssCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  versions: [{ since: 'v1.0', evaluate: capabilitiesBaselineV1Dot0 }],
};
