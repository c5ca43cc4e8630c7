import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { hostPorts } from './host-ports.ts';

describe('Check: hostPorts', () => {
  it('allows container ports without a host port or with host port 0', () => {
    const pod = podWith({
      containers: [
        { name: 'a', ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 0 }] },
      ],
    });
    expect(runPssCheck(hostPorts, 'v1.0', pod)).toBeUndefined();
  });

  it.each([
    {
      name: 'one host port',
      spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, hostPort: 8080 }] }] },
      detail: 'container "a" uses hostPort 8080',
      fields: ['spec.containers[0].ports[0].hostPort'],
    },
    {
      name: 'host ports in two containers, one of them ephemeral',
      spec: {
        containers: [{ name: 'a', ports: [{ containerPort: 1, hostPort: 90 }] }],
        ephemeralContainers: [
          {
            name: 'e',
            ports: [
              { containerPort: 1, hostPort: 10 },
              { containerPort: 2, hostPort: 90 },
            ],
          },
        ],
      },
      detail: 'containers "a", "e" use hostPorts 10, 90',
      fields: [
        'spec.containers[0].ports[0].hostPort',
        'spec.ephemeralContainers[0].ports[0].hostPort',
        'spec.ephemeralContainers[0].ports[1].hostPort',
      ],
    },
  ])('denies $name', ({ spec, detail, fields }) => {
    expect(runPssCheck(hostPorts, 'v1.37', podWith(spec))).toEqual({
      reason: 'hostPort',
      detail,
      fields,
    });
  });
});
