import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { seccompProfileRestricted } from './seccomp-profile-restricted.ts';

const profile = (type: string) => ({ seccompProfile: { type } });

describe('Check: seccompProfile_restricted', () => {
  it.each([
    {
      name: 'a pod-level profile',
      spec: { securityContext: profile('RuntimeDefault'), containers: [{ name: 'a' }] },
    },
    {
      name: 'container-level profiles',
      spec: { containers: [{ name: 'a', securityContext: profile('Localhost') }] },
    },
  ])('allows every container covered by $name', ({ spec }) => {
    expect(runPssCheck(seccompProfileRestricted, 'v1.19', podWith(spec))).toBeUndefined();
  });

  it('denies containers left uncovered, ephemeral ones included', () => {
    const pod = podWith({
      containers: [{ name: 'a', securityContext: profile('RuntimeDefault') }, { name: 'b' }],
      ephemeralContainers: [{ name: 'e' }],
    });
    expect(runPssCheck(seccompProfileRestricted, 'v1.37', pod)).toEqual({
      reason: 'seccompProfile',
      detail:
        'pod or containers "b", "e" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
      fields: [
        'spec.containers[1].securityContext.seccompProfile.type',
        'spec.ephemeralContainers[0].securityContext.seccompProfile.type',
      ],
    });
  });

  it('denies a bad pod-level profile first, which also leaves containers uncovered', () => {
    const pod = podWith({
      securityContext: profile('Unconfined'),
      containers: [{ name: 'a', securityContext: profile('Bogus') }, { name: 'b' }],
    });
    expect(runPssCheck(seccompProfileRestricted, 'v1.37', pod)).toEqual({
      reason: 'seccompProfile',
      detail:
        'pod and container "a" must not set securityContext.seccompProfile.type to "Bogus", "Unconfined"',
      fields: [
        'spec.securityContext.seccompProfile.type',
        'spec.containers[0].securityContext.seccompProfile.type',
      ],
    });
  });

  it.each([
    { version: 'v1.24', os: 'windows', denied: true },
    { version: 'v1.25', os: 'windows', denied: false },
    { version: 'v1.28', os: 'windows', denied: false },
    { version: 'v1.25', os: 'linux', denied: true },
  ])('at $version with os $os, denies a missing profile: $denied', ({ version, os, denied }) => {
    const pod = podWith({ os: { name: os }, containers: [{ name: 'a' }] });
    expect(runPssCheck(seccompProfileRestricted, version, pod) !== undefined).toBe(denied);
  });
});
