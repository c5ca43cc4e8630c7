import { describe, expect, it } from 'vitest';
import { container, minimalPod, runCheck } from '../test-support.ts';
import { hostPorts } from './host-ports.ts';

const ranges = [
  { min: 8000, max: 8080 },
  { min: 9000, max: 9000 },
];
const withPorts = (ports: { containerPort: number; hostPort?: number }[], hostNetwork = false) =>
  minimalPod({ hostNetwork, containers: [container('app', { ports })] });
const denied = (port: number, allowed = '[8000-8080, 9000]') => ({
  field: 'spec.containers[0].hostPort',
  message: `Host port ${port} is not allowed to be used. Allowed ports: ${allowed} (container "app")`,
});

describe('Check: hostPorts', () => {
  it.each([
    {
      name: 'a full range skips the check',
      spec: { hostPorts: [{ min: 0, max: 65535 }] },
      pod: withPorts([{ containerPort: 1, hostPort: 1 }]),
      expected: 'skipped',
    },
    {
      name: 'both range ends are inclusive',
      spec: { hostPorts: ranges },
      pod: withPorts([
        { containerPort: 1, hostPort: 8000 },
        { containerPort: 2, hostPort: 8080 },
        { containerPort: 3, hostPort: 9000 },
      ]),
      expected: { mutated: false, violations: [] },
    },
    {
      name: 'a container port alone is no host port',
      spec: { hostPorts: [] },
      pod: withPorts([{ containerPort: 80 }]),
      expected: { mutated: false, violations: [] },
    },
    {
      name: 'a port outside every range is denied',
      spec: { hostPorts: ranges },
      pod: withPorts([{ containerPort: 80, hostPort: 8081 }]),
      expected: { mutated: false, violations: [denied(8081)] },
    },
    {
      name: 'no ranges means no host port at all',
      spec: { hostPorts: [] },
      pod: withPorts([{ containerPort: 80, hostPort: 80 }]),
      expected: { mutated: false, violations: [denied(80, '[]')] },
    },
    {
      name: 'host network defaults hostPort to containerPort',
      spec: { hostPorts: ranges },
      pod: withPorts([{ containerPort: 443 }], true),
      expected: { mutated: false, violations: [denied(443)] },
    },
  ])('$name', ({ spec, pod, expected }) => {
    expect(runCheck(hostPorts, spec, pod)).toEqual(expected);
  });
});
