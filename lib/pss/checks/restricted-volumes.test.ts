import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { restrictedVolumes } from './restricted-volumes.ts';

describe('Check: restrictedVolumes', () => {
  it('overrides hostPathVolumes', () => {
    expect(restrictedVolumes.overrides).toEqual(['hostPathVolumes']);
  });

  it('allows every allowed source, image and ephemeral included, and a volume with only a name', () => {
    const volumes = [
      { name: 'bare' },
      { name: 'cm', configMap: { name: 'x' } },
      { name: 'csi', csi: { driver: 'd' } },
      { name: 'dapi', downwardAPI: {} },
      { name: 'ed', emptyDir: {} },
      { name: 'eph', ephemeral: {} },
      { name: 'img', image: { reference: 'r' } },
      { name: 'pvc', persistentVolumeClaim: { claimName: 'c' } },
      { name: 'proj', projected: { sources: [] } },
      { name: 's', secret: { secretName: 's' } },
    ];
    expect(runPssCheck(restrictedVolumes, 'v1.0', podWith({ volumes } as never))).toBeUndefined();
  });

  it.each([
    { source: 'hostPath', type: 'hostPath' },
    { source: 'nfs', type: 'nfs' },
    { source: 'gitRepo', type: 'gitRepo' },
    { source: 'awsElasticBlockStore', type: 'awsElasticBlockStore' },
    { source: 'somethingNew', type: 'unknown' },
  ])('denies a $source volume as "$type"', ({ source, type }) => {
    const pod = podWith({ volumes: [{ name: 'v', [source]: {} }] } as never);
    expect(runPssCheck(restrictedVolumes, 'v1.37', pod)).toEqual({
      reason: 'restricted volume types',
      detail: `volume "v" uses restricted volume type "${type}"`,
      fields: [`spec.volumes[0].${source}`],
    });
  });

  it('lists every restricted volume and its distinct types', () => {
    const pod = podWith({
      volumes: [
        { name: 'a', hostPath: { path: '/' } },
        { name: 'ok', emptyDir: {} },
        { name: 'b', nfs: { server: 's', path: '/' } },
        { name: 'c', hostPath: { path: '/etc' } },
      ],
    });
    expect(runPssCheck(restrictedVolumes, 'v1.37', pod)).toEqual({
      reason: 'restricted volume types',
      detail: 'volumes "a", "b", "c" use restricted volume types "hostPath", "nfs"',
      fields: ['spec.volumes[0].hostPath', 'spec.volumes[2].nfs', 'spec.volumes[3].hostPath'],
    });
  });
});
