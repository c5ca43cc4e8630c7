import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { hostPathVolumes } from './host-path-volumes.ts';

describe('Check: hostPathVolumes', () => {
  it('allows other volume types', () => {
    const pod = podWith({
      volumes: [
        { name: 'v', emptyDir: {} },
        { name: 'n', nfs: { server: 's', path: '/' } },
      ],
    });
    expect(runPssCheck(hostPathVolumes, 'v1.0', pod)).toBeUndefined();
  });

  it.each([
    { names: ['a'], detail: 'volume "a"' },
    { names: ['a', 'b'], detail: 'volumes "a", "b"' },
  ])('denies hostPath volumes: $detail', ({ names, detail }) => {
    const pod = podWith({ volumes: names.map((name) => ({ name, hostPath: { path: '/var' } })) });
    expect(runPssCheck(hostPathVolumes, 'v1.37', pod)).toEqual({
      reason: 'hostPath volumes',
      detail,
      fields: names.map((_, i) => `spec.volumes[${i}].hostPath`),
    });
  });
});
