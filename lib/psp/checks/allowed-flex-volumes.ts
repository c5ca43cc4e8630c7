/**
 * PSP field `allowedFlexVolumes` (psp-semantics.md §6.6), for flexVolume volumes the `volumes`
 * list admits (also under `*`). When the list is non-empty a flexVolume's `driver` must equal
 * one entry. Reported at `spec.volumes[i].driver` (no `flexVolume` segment, as upstream).
 */
import { defineCheck } from '../check.ts';
import { formatList, quote } from '../format.ts';
import { allowsVolumeType } from '../volume-types.ts';

export const allowedFlexVolumes = defineCheck<readonly string[]>({
  id: 'allowedFlexVolumes',
  fields: ['allowedFlexVolumes'],
  prepare(spec) {
    const drivers = (spec.allowedFlexVolumes ?? []).map((entry) => entry.driver);
    return drivers.length === 0 || !allowsVolumeType(spec, 'flexVolume') ? null : drivers;
  },
  evaluate(pod, drivers, out) {
    for (let i = 0; i < pod.volumes.length; i += 1) {
      const flex = pod.volumes[i]?.flexVolume;
      if (flex && !drivers.includes(flex.driver)) {
        out.violations.push({
          field: `spec.volumes[${i}].driver`,
          message: `Flexvolume driver ${quote(flex.driver)} is not allowed to be used (volume ${quote(pod.volumes[i]?.name ?? '')}); allowed drivers: ${formatList(drivers)}`,
        });
      }
    }
  },
});
