import { describe, expect, it } from 'vitest';
import type { Pod } from '../k8s.ts';
import {
  detectRiskyEphemeralContainers,
  detectSensitiveMounts,
  selectAddedEphemeralNames,
} from './detect-sensitive-mounts.ts';

const pod = (spec: Record<string, unknown>): Pod =>
  ({ metadata: { name: 'p' }, spec }) as unknown as Pod;

describe('Function: detectSensitiveMounts', () => {
  it('names each sensitive hostPath with every container mounting it', () => {
    // Prepare
    const subject = pod({
      initContainers: [
        { name: 'init', volumeMounts: [{ name: 'sock', mountPath: '/var/run/docker.sock' }] },
      ],
      containers: [
        { name: 'app', volumeMounts: [{ name: 'cni', mountPath: '/etc/cni/net.d' }] },
        { name: 'agent', volumeMounts: [{ name: 'sock', mountPath: '/sock', readOnly: true }] },
      ],
      volumes: [
        { name: 'cni', hostPath: { path: '/etc/cni/net.d' } },
        { name: 'sock', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } },
        { name: 'tmp', emptyDir: {} },
      ],
    });
    // Act
    const found = detectSensitiveMounts(subject);
    // Assess
    expect(found).toEqual([
      {
        volume: 'sock',
        path: '/var/run/docker.sock',
        normalizedPath: '/run/docker.sock',
        field: 'spec.volumes[1].hostPath.path',
        verdict: {
          category: 'container-runtime-socket',
          severity: 'critical',
          label: 'container runtime socket',
        },
        mounts: [
          {
            container: 'init',
            field: 'spec.initContainers[0].volumeMounts[0]',
            mountPath: '/var/run/docker.sock',
            readOnly: false,
          },
          {
            container: 'agent',
            field: 'spec.containers[1].volumeMounts[0]',
            mountPath: '/sock',
            readOnly: true,
          },
        ],
      },
    ]);
  });

  it('reads damaged pods without throwing', () => {
    for (const spec of [
      {},
      { volumes: 'x' },
      { volumes: [null, { hostPath: 1 }, { hostPath: { path: 2 } }] },
    ]) {
      expect(detectSensitiveMounts(pod(spec))).toEqual([]);
    }
  });
});

describe('Function: detectRiskyEphemeralContainers', () => {
  const subject = pod({
    containers: [{ name: 'app' }],
    ephemeralContainers: [
      { name: 'old', securityContext: { privileged: true } },
      {
        name: 'debugger',
        securityContext: { privileged: true },
        volumeMounts: [
          { name: 'root', mountPath: '/host' },
          { name: 'logs', mountPath: '/logs' },
        ],
      },
      { name: 'plain' },
    ],
    volumes: [
      { name: 'root', hostPath: { path: '/' } },
      { name: 'logs', hostPath: { path: '/var/log' } },
    ],
  });

  it('flags the added container that is privileged or mounts host paths', () => {
    expect(detectRiskyEphemeralContainers(subject, new Set(['debugger', 'plain']))).toEqual([
      {
        container: 'debugger',
        field: 'spec.ephemeralContainers[1].securityContext.privileged',
        severity: 'high',
        message: 'debug container "debugger" is privileged',
      },
      {
        container: 'debugger',
        field: 'spec.ephemeralContainers[1].volumeMounts[0]',
        severity: 'critical',
        message: 'debug container "debugger" mounts host path / (host root filesystem)',
      },
      {
        container: 'debugger',
        field: 'spec.ephemeralContainers[1].volumeMounts[1]',
        severity: 'medium',
        message: 'debug container "debugger" mounts host path /var/log',
      },
    ]);
  });

  it('checks every ephemeral container when the request names none', () => {
    expect(detectRiskyEphemeralContainers(subject, null).map((r) => r.container)).toEqual([
      'old',
      'debugger',
      'debugger',
      'debugger',
    ]);
  });
});

describe('Function: selectAddedEphemeralNames', () => {
  it.each([
    { body: { spec: { ephemeralContainers: [{ name: 'debugger-1' }] } }, names: ['debugger-1'] },
    {
      body: [{ op: 'add', path: '/spec/ephemeralContainers/-', value: { name: 'd2' } }],
      names: ['d2'],
    },
    { body: { kind: 'EphemeralContainers', ephemeralContainers: [{ name: 'd3' }] }, names: ['d3'] },
    { body: { metadata: {} }, names: null },
    { body: undefined, names: null },
  ])('$body → $names', ({ body, names }) => {
    const selected = selectAddedEphemeralNames(body);
    expect(selected === null ? null : [...selected]).toEqual(names);
  });
});
