import { describe, expect, it } from 'vitest';
import { minimalPod, podWithSecurityContext, runCheck } from '../test-support.ts';
import { capabilities } from './capabilities.ts';

const caps = (add: string[] = [], drop: string[] = []) =>
  podWithSecurityContext({ capabilities: { add, drop } });
const ok = { mutated: false, violations: [] };
const addDenied = (cap: string) => ({
  field: 'spec.containers[0].securityContext.capabilities.add',
  message: `capability "${cap}" may not be added (container "app")`,
});

describe('Check: capabilities', () => {
  it.each([
    {
      name: '* and no defaults skip the check',
      spec: { allowedCapabilities: ['*'] },
      pod: caps(['SYS_ADMIN']),
      expected: 'skipped',
    },
    {
      name: 'a listed capability may be added',
      spec: { allowedCapabilities: ['NET_ADMIN'] },
      pod: caps(['NET_ADMIN']),
      expected: ok,
    },
    {
      name: 'a default-add capability may be added',
      spec: { allowedCapabilities: [], defaultAddCapabilities: ['CHOWN'] },
      pod: caps(['CHOWN']),
      expected: ok,
    },
    {
      name: 'an unlisted capability is denied',
      spec: { allowedCapabilities: ['NET_ADMIN'] },
      pod: caps(['SYS_ADMIN', 'NET_ADMIN']),
      expected: { mutated: false, violations: [addDenied('SYS_ADMIN')] },
    },
    {
      name: 'names are exact: no CAP_ stripping',
      spec: { allowedCapabilities: ['NET_ADMIN'] },
      pod: caps(['CAP_NET_ADMIN']),
      expected: { mutated: false, violations: [addDenied('CAP_NET_ADMIN')] },
    },
    {
      name: 'names are exact: case matters',
      spec: { allowedCapabilities: ['NET_ADMIN'] },
      pod: caps(['net_admin']),
      expected: { mutated: false, violations: [addDenied('net_admin')] },
    },
    {
      name: 'adding a required-drop capability is an add error',
      spec: { allowedCapabilities: [], requiredDropCapabilities: ['NET_RAW'] },
      pod: caps(['NET_RAW'], ['NET_RAW']),
      expected: { mutated: false, violations: [addDenied('NET_RAW')] },
    },
    {
      name: 'a required drop the container lists: unchanged',
      spec: { allowedCapabilities: [], requiredDropCapabilities: ['NET_RAW'] },
      pod: caps([], ['NET_RAW']),
      expected: ok,
    },
    {
      name: 'a required drop the container lacks is a mutation, not an error',
      spec: { allowedCapabilities: [], requiredDropCapabilities: ['NET_RAW'] },
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'dropping ALL does not count as dropping NET_RAW',
      spec: { allowedCapabilities: [], requiredDropCapabilities: ['NET_RAW'] },
      pod: caps([], ['ALL']),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'a default add the container lacks is a mutation',
      spec: { defaultAddCapabilities: ['CHOWN'] },
      pod: minimalPod(),
      expected: { mutated: true, violations: [] },
    },
    {
      name: 'a default add the container drops is not added',
      spec: { defaultAddCapabilities: ['CHOWN'] },
      pod: caps([], ['CHOWN']),
      expected: ok,
    },
    {
      name: 'with * nothing is checked but defaults still apply',
      spec: { allowedCapabilities: ['*'], requiredDropCapabilities: ['NET_RAW'] },
      pod: caps(['SYS_ADMIN']),
      expected: { mutated: true, violations: [] },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(capabilities, spec, pod)).toEqual(expected);
  });
});
