import { describe, expect, it } from 'vitest';
import { minimalPod, runCheck } from '../test-support.ts';
import { sysctls } from './sysctls.ts';

const withSysctls = (...names: string[]) =>
  minimalPod({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } });
const ok = { mutated: false, violations: [] };

describe('Check: sysctls', () => {
  it.each([
    {
      name: 'safe sysctls are allowed without a list',
      spec: { allowedUnsafeSysctls: [] },
      pod: withSysctls('net.ipv4.ip_unprivileged_port_start', 'kernel.shm_rmid_forced'),
      expected: ok,
    },
    {
      name: 'an allowed unsafe exact name',
      spec: { allowedUnsafeSysctls: ['kernel.msgmax'] },
      pod: withSysctls('kernel.msgmax'),
      expected: ok,
    },
    {
      name: 'an allowed unsafe prefix',
      spec: { allowedUnsafeSysctls: ['net.core.*'] },
      pod: withSysctls('net.core.somaxconn'),
      expected: ok,
    },
    {
      name: '* allows every unsafe sysctl',
      spec: { allowedUnsafeSysctls: ['*'] },
      pod: withSysctls('vm.swappiness'),
      expected: ok,
    },
    {
      name: 'an unlisted unsafe sysctl is denied',
      spec: { allowedUnsafeSysctls: ['net.core.*'] },
      pod: withSysctls('net.ipv4.tcp_syncookies', 'kernel.msgmax'),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.securityContext.sysctls[1]',
            message: 'unsafe sysctl "kernel.msgmax" is not allowed',
          },
        ],
      },
    },
    {
      name: 'forbidden wins over safe and allowed',
      spec: { allowedUnsafeSysctls: ['*'], forbiddenSysctls: ['kernel.*'] },
      pod: withSysctls('kernel.shm_rmid_forced'),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.securityContext.sysctls[0]',
            message: 'sysctl "kernel.shm_rmid_forced" is not allowed',
          },
        ],
      },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(sysctls, spec, pod)).toEqual(expected);
  });
});
