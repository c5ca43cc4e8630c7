import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { hostNamespaces } from './host-namespaces.ts';

describe('Check: hostNamespaces', () => {
  it('allows false and unset, and ignores hostUsers', () => {
    const pod = podWith({ hostNetwork: false, hostPID: false, hostUsers: true });
    expect(runPssCheck(hostNamespaces, 'v1.0', pod)).toBeUndefined();
  });

  it.each([
    { spec: { hostNetwork: true }, detail: 'hostNetwork=true', fields: ['spec.hostNetwork'] },
    {
      spec: { hostIPC: true, hostPID: true, hostNetwork: true },
      detail: 'hostNetwork=true, hostPID=true, hostIPC=true',
      fields: ['spec.hostNetwork', 'spec.hostPID', 'spec.hostIPC'],
    },
  ])('denies $detail', ({ spec, detail, fields }) => {
    expect(runPssCheck(hostNamespaces, 'v1.37', podWith(spec))).toEqual({
      reason: 'host namespaces',
      detail,
      fields,
    });
  });
});
