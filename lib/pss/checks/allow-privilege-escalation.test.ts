import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { allowPrivilegeEscalation } from './allow-privilege-escalation.ts';

describe('Check: allowPrivilegeEscalation', () => {
  it('allows containers that all set false', () => {
    const pod = podWith({
      containers: [{ name: 'a', securityContext: { allowPrivilegeEscalation: false } }],
      ephemeralContainers: [{ name: 'e', securityContext: { allowPrivilegeEscalation: false } }],
    });
    expect(runPssCheck(allowPrivilegeEscalation, 'v1.8', pod)).toBeUndefined();
  });

  it('denies unset and true, ephemeral containers included', () => {
    const pod = podWith({
      containers: [
        { name: 'a' },
        { name: 'b', securityContext: { allowPrivilegeEscalation: true } },
      ],
      ephemeralContainers: [{ name: 'e', securityContext: {} }],
    });
    expect(runPssCheck(allowPrivilegeEscalation, 'v1.37', pod)).toEqual({
      reason: 'allowPrivilegeEscalation != false',
      detail: 'containers "a", "b", "e" must set securityContext.allowPrivilegeEscalation=false',
      fields: [
        'spec.containers[0].securityContext.allowPrivilegeEscalation',
        'spec.containers[1].securityContext.allowPrivilegeEscalation',
        'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
      ],
    });
  });

  it.each([
    { version: 'v1.24', os: 'windows', denied: true },
    { version: 'v1.25', os: 'windows', denied: false },
    { version: 'v1.27', os: 'windows', denied: false },
    { version: 'v1.25', os: 'linux', denied: true },
  ])('at $version with os $os, denies an unset field: $denied', ({ version, os, denied }) => {
    const pod = podWith({ os: { name: os }, containers: [{ name: 'a' }] });
    expect(runPssCheck(allowPrivilegeEscalation, version, pod) !== undefined).toBe(denied);
  });
});
