import { describe, expect, it } from 'vitest';
import { minimalPod, runCheck } from '../test-support.ts';
import { hostIPC, hostNetwork, hostPID } from './host-namespaces.ts';

describe('Checks: hostNetwork, hostPID, hostIPC', () => {
  it.each([
    { check: hostNetwork, flag: 'hostNetwork', message: 'Host network is not allowed to be used' },
    { check: hostPID, flag: 'hostPID', message: 'Host PID is not allowed to be used' },
    { check: hostIPC, flag: 'hostIPC', message: 'Host IPC is not allowed to be used' },
  ] as const)(
    '$flag: true in the pod needs it in the policy, reported at the pod security context',
    ({ check, flag, message }) => {
      expect(runCheck(check, { [flag]: true }, minimalPod({ [flag]: true }))).toBe('skipped');
      expect(runCheck(check, { [flag]: false }, minimalPod())).toEqual({
        mutated: false,
        violations: [],
      });
      expect(runCheck(check, { [flag]: false }, minimalPod({ [flag]: false }))).toEqual({
        mutated: false,
        violations: [],
      });
      expect(runCheck(check, { [flag]: false }, minimalPod({ [flag]: true }))).toEqual({
        mutated: false,
        violations: [{ field: `spec.securityContext.${flag}`, message }],
      });
    },
  );
});
