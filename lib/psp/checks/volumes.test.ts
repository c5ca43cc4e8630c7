import type { Volume } from 'kubernetes-types/core/v1.d.ts';
import { describe, expect, it } from 'vitest';
import { minimalPod, runCheck } from '../test-support.ts';
import { volumes } from './volumes.ts';

const token = (audience?: string): Volume => ({
  name: 'kube-api-access-x',
  projected: {
    sources: [
      {
        serviceAccountToken: {
          path: 'token',
          expirationSeconds: 3607,
          ...(audience ? { audience } : {}),
        },
      },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [
            { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
          ],
        },
      },
    ],
  },
});
const withVolumes = (...list: Volume[]) => minimalPod({ volumes: list });
const ok = { mutated: false, violations: [] };

describe('Check: volumes', () => {
  it.each([
    {
      name: '* skips the check',
      list: ['*'],
      pod: withVolumes({ name: 'h', hostPath: { path: '/' } }),
      expected: 'skipped',
    },
    {
      name: 'a listed type is allowed',
      list: ['configMap'],
      pod: withVolumes({ name: 'c', configMap: { name: 'x' } }),
      expected: ok,
    },
    {
      name: 'a volume without a source is an emptyDir',
      list: ['emptyDir'],
      pod: withVolumes({ name: 'e' }),
      expected: ok,
    },
    {
      name: 'cephfs is listed as cephFS',
      list: ['cephFS'],
      pod: withVolumes({ name: 'f', cephfs: { monitors: ['m'] } }),
      expected: ok,
    },
    {
      name: 'the service-account token projection is allowed with secret',
      list: ['secret'],
      pod: withVolumes(token()),
      expected: ok,
    },
    {
      name: 'a token with an audience is not covered by secret',
      list: ['secret'],
      pod: withVolumes(token('sts.amazonaws.com')),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.volumes[0]',
            message: 'projected volumes are not allowed to be used (volume "kube-api-access-x")',
          },
        ],
      },
    },
    {
      name: 'the token projection without secret listed is denied',
      list: ['configMap'],
      pod: withVolumes(token()),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.volumes[0]',
            message: 'projected volumes are not allowed to be used (volume "kube-api-access-x")',
          },
        ],
      },
    },
    {
      name: 'an empty list allows no volume',
      list: [],
      pod: withVolumes({ name: 'e', emptyDir: {} }, { name: 'h', hostPath: { path: '/etc' } }),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.volumes[0]',
            message: 'emptyDir volumes are not allowed to be used (volume "e")',
          },
          {
            field: 'spec.volumes[1]',
            message: 'hostPath volumes are not allowed to be used (volume "h")',
          },
        ],
      },
    },
    {
      name: 'none is not a PSP volume type and matches nothing',
      list: ['none'],
      pod: withVolumes({ name: 'e', emptyDir: {} }),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.volumes[0]',
            message: 'emptyDir volumes are not allowed to be used (volume "e")',
          },
        ],
      },
    },
  ])('$name', ({ list, pod, expected }) => {
    expect(runCheck(volumes, { volumes: list }, pod)).toEqual(expected);
  });
});
