/**
 * hostPathVolumes (baseline, v1.0) — hostPath volumes are disallowed.
 * Field: spec.volumes[*].hostPath. Allowed: absent.
 * At restricted, restrictedVolumes replaces this check at every version.
 */

import type { PodSpec } from '../../k8s.ts';
import { deny, type PssCheck } from '../check.ts';
import { append, joinQuote, nameOf, pluralize } from '../format.ts';

function hostPathVolumesV1Dot0(_metadata: unknown, spec: PodSpec) {
  const volumes = spec.volumes;
  if (!Array.isArray(volumes)) return undefined;
  let names: string[] | undefined;
  let fields: string[] | undefined;
  for (let i = 0; i < volumes.length; i += 1) {
    const volume = volumes[i];
    if (volume?.hostPath === undefined || volume.hostPath === null) continue;
    names = append(names, nameOf(volume));
    fields = append(fields, `spec.volumes[${i}].hostPath`);
  }
  if (names === undefined || fields === undefined) return undefined;
  return deny(
    'hostPath volumes',
    `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    fields,
  );
}

export const hostPathVolumes: PssCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  versions: [{ since: 'v1.0', evaluate: hostPathVolumesV1Dot0 }],
};
