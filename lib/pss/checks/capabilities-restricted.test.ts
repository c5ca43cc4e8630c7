import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { capabilitiesRestricted } from './capabilities-restricted.ts';

const caps = (drop?: string[], add?: string[]) => ({
  securityContext: { capabilities: { ...(drop ? { drop } : {}), ...(add ? { add } : {}) } },
});

describe('Check: capabilities_restricted', () => {
  it('overrides capabilities_baseline', () => {
    expect(capabilitiesRestricted.overrides).toEqual(['capabilities_baseline']);
  });

  it('allows dropping ALL and adding back NET_BIND_SERVICE', () => {
    const pod = podWith({ containers: [{ name: 'a', ...caps(['ALL'], ['NET_BIND_SERVICE']) }] });
    expect(runPssCheck(capabilitiesRestricted, 'v1.22', pod)).toBeUndefined();
  });

  it('denies a missing drop ALL and forbidden adds in one detail', () => {
    const pod = podWith({
      initContainers: [{ name: 'i' }],
      containers: [
        { name: 'a', ...caps(['CHOWN', 'KILL']) },
        { name: 'b', ...caps(['ALL'], ['NET_BIND_SERVICE', 'SYS_ADMIN']) },
      ],
      ephemeralContainers: [{ name: 'e', ...caps(undefined, ['CHOWN']) }],
    });
    expect(runPssCheck(capabilitiesRestricted, 'v1.37', pod)).toEqual({
      reason: 'unrestricted capabilities',
      detail:
        'containers "i", "a", "e" must set securityContext.capabilities.drop=["ALL"]; ' +
        'containers "b", "e" must not include "CHOWN", "SYS_ADMIN" in securityContext.capabilities.add',
      fields: [
        'spec.initContainers[0].securityContext.capabilities.drop',
        'spec.containers[0].securityContext.capabilities.drop',
        'spec.ephemeralContainers[0].securityContext.capabilities.drop',
        'spec.containers[1].securityContext.capabilities.add[1]',
        'spec.ephemeralContainers[0].securityContext.capabilities.add[0]',
      ],
    });
  });

  it.each([
    { version: 'v1.24', os: 'windows', denied: true },
    { version: 'v1.25', os: 'windows', denied: false },
    { version: 'v1.26', os: 'windows', denied: false },
    { version: 'v1.25', os: 'linux', denied: true },
  ])('at $version with os $os, denies a missing drop: $denied', ({ version, os, denied }) => {
    const pod = podWith({ os: { name: os }, containers: [{ name: 'a' }] });
    expect(runPssCheck(capabilitiesRestricted, version, pod) !== undefined).toBe(denied);
  });
});
