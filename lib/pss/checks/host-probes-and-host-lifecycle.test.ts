import { describe, expect, it } from 'vitest';
import { podWith, runPssCheck } from '../../../test/helpers/pss-run-check.ts';
import { hostProbesAndHostLifecycle } from './host-probes-and-host-lifecycle.ts';

describe('Check: hostProbesAndHostLifecycle', () => {
  it('has no revision before v1.34', () => {
    expect(hostProbesAndHostLifecycle.versions.map(({ since }) => since)).toEqual(['v1.34']);
  });

  it('allows an empty host, exec and grpc handlers', () => {
    const pod = podWith({
      containers: [
        {
          name: 'a',
          livenessProbe: { httpGet: { host: '', port: 80 } },
          readinessProbe: { exec: { command: ['true'] } },
          startupProbe: { grpc: { port: 9000 } },
          lifecycle: { preStop: { exec: { command: ['true'] } } },
        },
      ],
    });
    expect(runPssCheck(hostProbesAndHostLifecycle, 'v1.34', pod)).toBeUndefined();
  });

  it.each([
    { where: 'startupProbe', handler: 'httpGet', host: '127.0.0.1' },
    { where: 'startupProbe', handler: 'tcpSocket', host: '::1' },
    { where: 'livenessProbe', handler: 'tcpSocket', host: 'example.com' },
    { where: 'lifecycle.preStop', handler: 'httpGet', host: '10.0.0.1' },
    { where: 'lifecycle.postStart', handler: 'tcpSocket', host: 'localhost' },
    { where: 'lifecycle.preStop', handler: 'tcpSocket', host: '10.0.0.2' },
  ])('denies a host in $where.$handler', ({ where, handler, host }) => {
    const probe = { [handler]: { host, port: 80 } };
    const [first, second] = where.split('.');
    const container =
      second === undefined
        ? { name: 'a', [first as string]: probe }
        : { name: 'a', lifecycle: { [second]: probe } };
    expect(
      runPssCheck(hostProbesAndHostLifecycle, 'v1.37', podWith({ containers: [container] })),
    ).toEqual({
      reason: 'probe or lifecycle host',
      detail: `container "a" uses probe or lifecycle host "${host}"`,
      fields: [`spec.containers[0].${where}.${handler}.host`],
    });
  });

  it('sorts containers and hosts, ephemeral containers included', () => {
    const pod = podWith({
      containers: [{ name: 'z', readinessProbe: { httpGet: { host: 'b', port: 1 } } }],
      ephemeralContainers: [{ name: 'e', livenessProbe: { tcpSocket: { host: 'a', port: 1 } } }],
    });
    expect(runPssCheck(hostProbesAndHostLifecycle, 'v1.37', pod)).toEqual({
      reason: 'probe or lifecycle host',
      detail: 'containers "e", "z" use probe or lifecycle hosts "a", "b"',
      fields: [
        'spec.containers[0].readinessProbe.httpGet.host',
        'spec.ephemeralContainers[0].livenessProbe.tcpSocket.host',
      ],
    });
  });
});
