import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { procMount } from './proc-mount.ts';
import { procMountRestricted } from './proc-mount-restricted.ts';

const unmasked = (hostUsers?: boolean) =>
  podWith({
    ...(hostUsers === undefined ? {} : { hostUsers }),
    containers: [{ name: 'a', securityContext: { procMount: 'Unmasked' } }],
    ephemeralContainers: [{ name: 'e', securityContext: { procMount: 'Weird' } }],
  });

const DENIAL = {
  reason: 'procMount',
  detail: 'containers "a", "e" must not set securityContext.procMount to "Unmasked", "Weird"',
  fields: [
    'spec.containers[0].securityContext.procMount',
    'spec.ephemeralContainers[0].securityContext.procMount',
  ],
};

describe('Check: procMount', () => {
  it('allows procMount unset or Default', () => {
    const pod = podWith({
      containers: [{ name: 'a', securityContext: { procMount: 'Default' } }, { name: 'b' }],
    });
    expect(runPssCheck(procMount, 'v1.0', pod)).toBeUndefined();
  });

  it.each([
    { version: 'v1.0', hostUsers: undefined, denied: true },
    { version: 'v1.34', hostUsers: false, denied: true },
    { version: 'v1.35', hostUsers: undefined, denied: true },
    { version: 'v1.35', hostUsers: true, denied: true },
    { version: 'v1.35', hostUsers: false, denied: false },
    { version: 'v1.37', hostUsers: false, denied: false },
  ])(
    'at $version with hostUsers=$hostUsers, denies Unmasked: $denied',
    ({ version, hostUsers, denied }) => {
      expect(runPssCheck(procMount, version, unmasked(hostUsers))).toEqual(
        denied ? DENIAL : undefined,
      );
    },
  );
});

describe('Check: procMount_restricted', () => {
  it.each([{ hostUsers: undefined }, { hostUsers: true }, { hostUsers: false }])(
    'denies Unmasked at v1.35 whatever hostUsers is ($hostUsers)',
    ({ hostUsers }) => {
      expect(runPssCheck(procMountRestricted, 'v1.35', unmasked(hostUsers))).toEqual(DENIAL);
    },
  );
});
