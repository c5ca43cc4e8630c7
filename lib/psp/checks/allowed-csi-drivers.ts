/**
 * PSP field `allowedCSIDrivers` (psp-semantics.md §6.7), for inline `csi` volumes the `volumes`
 * list admits (also under `*`). When the list is non-empty the volume's `driver` must equal one
 * entry's `name`. Reported at `spec.volumes[i].csi.driver`.
 */
import { defineCheck } from '../check.ts';
import { formatList, quote } from '../format.ts';
import { allowsVolumeType } from '../volume-types.ts';

export const allowedCSIDrivers = defineCheck<readonly string[]>({
  id: 'allowedCSIDrivers',
  fields: ['allowedCSIDrivers'],
  prepare(spec) {
    const drivers = (spec.allowedCSIDrivers ?? []).map((entry) => entry.name);
    return drivers.length === 0 || !allowsVolumeType(spec, 'csi') ? null : drivers;
  },
  evaluate(pod, drivers, out) {
    for (let i = 0; i < pod.volumes.length; i += 1) {
      const csi = pod.volumes[i]?.csi;
      if (csi && !drivers.includes(csi.driver)) {
        out.violations.push({
          field: `spec.volumes[${i}].csi.driver`,
          message: `Inline CSI driver ${quote(csi.driver)} is not allowed to be used (volume ${quote(pod.volumes[i]?.name ?? '')}); allowed drivers: ${formatList(drivers)}`,
        });
      }
    }
  },
});
