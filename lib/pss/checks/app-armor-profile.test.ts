import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { appArmorProfile } from './app-armor-profile.ts';

const KEY = 'container.apparmor.security.beta.kubernetes.io/';
const profile = (type: string) => ({ appArmorProfile: { type } });

describe('Check: appArmorProfile', () => {
  it.each([
    {
      name: 'allowed annotation values',
      annotations: { [`${KEY}a`]: 'runtime/default', [`${KEY}b`]: 'localhost/x', [`${KEY}c`]: '' },
      spec: {},
    },
    {
      name: 'RuntimeDefault fields',
      annotations: {} as Record<string, string>,
      spec: {
        securityContext: profile('RuntimeDefault'),
        containers: [{ name: 'a', securityContext: profile('Localhost') }],
      },
    },
  ])('allows $name, even at v1.0', ({ annotations, spec }) => {
    expect(runPssCheck(appArmorProfile, 'v1.0', podWith(spec, { annotations }))).toBeUndefined();
  });

  it.each([
    {
      name: 'a pod-level Unconfined type',
      spec: { securityContext: profile('Unconfined') },
      reason: 'forbidden AppArmor profile',
      detail: 'pod must not set AppArmor profile type to "Unconfined"',
      fields: ['spec.securityContext.appArmorProfile.type'],
    },
    {
      name: 'an ephemeral container Unconfined type',
      spec: {
        containers: [{ name: 'a' }],
        ephemeralContainers: [{ name: 'e', securityContext: profile('Unconfined') }],
      },
      reason: 'forbidden AppArmor profile',
      detail: 'container "e" must not set AppArmor profile type to "Unconfined"',
      fields: ['spec.ephemeralContainers[0].securityContext.appArmorProfile.type'],
    },
  ])('denies $name, at v1.0 already', ({ spec, reason, detail, fields }) => {
    expect(runPssCheck(appArmorProfile, 'v1.0', podWith(spec))).toEqual({ reason, detail, fields });
  });

  it('denies fields and annotations together, with the plural reason', () => {
    const pod = podWith(
      { containers: [{ name: 'a', securityContext: profile('Unconfined') }] },
      { annotations: { [`${KEY}x`]: 'unconfined', [`${KEY}a`]: 'runtime/default' } },
    );
    expect(runPssCheck(appArmorProfile, 'v1.37', pod)).toEqual({
      reason: 'forbidden AppArmor profiles',
      detail: `container "a" and annotation must not set AppArmor profile type to "Unconfined", "${KEY}x="unconfined""`,
      fields: [
        'spec.containers[0].securityContext.appArmorProfile.type',
        `metadata.annotations[${KEY}x]`,
      ],
    });
  });
});
