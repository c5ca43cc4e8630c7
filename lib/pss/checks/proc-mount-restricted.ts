/**
 * procMount_restricted (restricted, v1.35) — the default /proc masks are required for every pod,
 * user namespace or not. Field: securityContext.procMount on every container.
 * Allowed: unset, "Default". Replaces baseline procMount at restricted.
 */

import type { PodSpec } from '../../k8s.ts';
import type { PssCheck } from '../check.ts';
import { denyNonDefaultProcMount } from './proc-mount.ts';

function procMountRestrictedV1Dot35(_metadata: unknown, spec: PodSpec) {
  return denyNonDefaultProcMount(spec);
}

export const procMountRestricted: PssCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  overrides: ['procMount'],
  versions: [{ since: 'v1.35', evaluate: procMountRestrictedV1Dot35 }],
};
