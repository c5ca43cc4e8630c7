import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { capabilitiesBaseline } from './capabilities-baseline.ts';

const withAdd = (add: string[], drop?: string[]) =>
  podWith({
    containers: [
      { name: 'a', securityContext: { capabilities: { add, ...(drop ? { drop } : {}) } } },
    ],
  });

describe('Check: capabilities_baseline', () => {
  it.each([
    { add: [] },
    { add: ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD'] },
    { add: ['NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'] },
  ])('allows adding $add', ({ add }) => {
    expect(runPssCheck(capabilitiesBaseline, 'v1.0', withAdd(add))).toBeUndefined();
  });

  it('does not examine drop', () => {
    expect(runPssCheck(capabilitiesBaseline, 'v1.0', withAdd([], ['NOT_A_CAP']))).toBeUndefined();
  });

  it.each([
    { add: ['NET_ADMIN'], detail: '"NET_ADMIN"', fields: [0] },
    { add: ['chown'], detail: '"chown"', fields: [0] },
    {
      add: ['CAP_CHOWN', 'CHOWN', 'SYS_ADMIN'],
      detail: '"CAP_CHOWN", "SYS_ADMIN"',
      fields: [0, 2],
    },
  ])('denies adding $add (exact, case-sensitive names)', ({ add, detail, fields }) => {
    expect(runPssCheck(capabilitiesBaseline, 'v1.37', withAdd(add))).toEqual({
      reason: 'non-default capabilities',
      detail: `container "a" must not include ${detail} in securityContext.capabilities.add`,
      fields: fields.map((i) => `spec.containers[0].securityContext.capabilities.add[${i}]`),
    });
  });
});
