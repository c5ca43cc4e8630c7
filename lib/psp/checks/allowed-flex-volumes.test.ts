import { describe, expect, it } from 'vitest';
import { minimalPod, runCheck } from '../test-support.ts';
import { allowedFlexVolumes } from './allowed-flex-volumes.ts';

const flexPod = (driver: string) =>
  minimalPod({ volumes: [{ name: 'v', flexVolume: { driver } }] });
const ok = { mutated: false, violations: [] };

describe('Check: allowedFlexVolumes', () => {
  it.each([
    {
      name: 'an empty list skips the check',
      spec: { allowedFlexVolumes: [] },
      pod: flexPod('any'),
      expected: 'skipped',
    },
    {
      name: 'not allowed by volumes: skipped (volumes reports it)',
      spec: { allowedFlexVolumes: [{ driver: 'a' }], volumes: ['secret'] },
      pod: flexPod('b'),
      expected: 'skipped',
    },
    {
      name: 'a listed driver is allowed, also under *',
      spec: { allowedFlexVolumes: [{ driver: 'a' }], volumes: ['*'] },
      pod: flexPod('a'),
      expected: ok,
    },
    {
      name: 'another driver is denied at spec.volumes[i].driver',
      spec: { allowedFlexVolumes: [{ driver: 'a' }], volumes: ['flexVolume'] },
      pod: flexPod('b'),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.volumes[0].driver',
            message:
              'Flexvolume driver "b" is not allowed to be used (volume "v"); allowed drivers: a',
          },
        ],
      },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(allowedFlexVolumes, spec, pod)).toEqual(expected);
  });
});
