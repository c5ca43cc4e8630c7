import { describe, expect, it } from 'vitest';
import { minimalPod, runCheck } from '../test-support.ts';
import { allowedCSIDrivers } from './allowed-csi-drivers.ts';

const csiPod = (driver: string) => minimalPod({ volumes: [{ name: 'v', csi: { driver } }] });
const ok = { mutated: false, violations: [] };

describe('Check: allowedCSIDrivers', () => {
  it.each([
    {
      name: 'an empty list skips the check',
      spec: { allowedCSIDrivers: [] },
      pod: csiPod('any'),
      expected: 'skipped',
    },
    {
      name: 'a listed driver is allowed',
      spec: { allowedCSIDrivers: [{ name: 'a' }] },
      pod: csiPod('a'),
      expected: ok,
    },
    {
      name: 'another driver is denied at spec.volumes[i].csi.driver',
      spec: { allowedCSIDrivers: [{ name: 'a' }, { name: 'c' }] },
      pod: csiPod('b'),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.volumes[0].csi.driver',
            message:
              'Inline CSI driver "b" is not allowed to be used (volume "v"); allowed drivers: a, c',
          },
        ],
      },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(allowedCSIDrivers, spec, pod)).toEqual(expected);
  });
});
