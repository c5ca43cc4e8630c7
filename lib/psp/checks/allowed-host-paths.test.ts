import { describe, expect, it } from 'vitest';
import { container, minimalPod, runCheck } from '../test-support.ts';
import { allowedHostPaths, matchesPathPrefix } from './allowed-host-paths.ts';

const hostPathPod = (path: string, readOnly?: boolean) =>
  minimalPod({
    volumes: [{ name: 'host', hostPath: { path } }],
    initContainers: [
      container('init', { volumeMounts: [{ name: 'host', mountPath: '/h', readOnly: true }] }),
    ],
    containers: [
      container('app', {
        volumeMounts: [
          { name: 'other', mountPath: '/o' },
          { name: 'host', mountPath: '/h', ...(readOnly === undefined ? {} : { readOnly }) },
        ],
      }),
    ],
  });
const ok = { mutated: false, violations: [] };
const notAllowed = (path: string, prefixes: string) => ({
  mutated: false,
  violations: [
    {
      field: 'spec.volumes[0].hostPath.pathPrefix',
      message: `hostPath ${JSON.stringify(path)} is not allowed to be used (volume "host"); allowed path prefixes: ${prefixes}`,
    },
  ],
});

describe('Check: allowedHostPaths', () => {
  it.each([
    { path: '/foo', prefix: '/foo', matches: true },
    { path: '/foo/bar', prefix: '/foo', matches: true },
    { path: '/foobar', prefix: '/foo', matches: false },
    { path: '/Foo', prefix: '/foo', matches: false },
    { path: '/anything', prefix: '', matches: true },
  ])('prefix $prefix matches $path: $matches', ({ path, prefix, matches }) => {
    expect(matchesPathPrefix(path, prefix)).toBe(matches);
  });

  it.each([
    {
      name: 'an empty list skips the check',
      entries: [],
      volumes: ['*'],
      pod: hostPathPod('/etc'),
      expected: 'skipped',
    },
    {
      name: 'without hostPath allowed by volumes the check is skipped',
      entries: [{ pathPrefix: '/var' }],
      volumes: ['emptyDir'],
      pod: hostPathPod('/etc'),
      expected: 'skipped',
    },
    {
      name: 'trailing slashes are trimmed on both sides',
      entries: [{ pathPrefix: '/var/log/' }],
      volumes: ['*'],
      pod: hostPathPod('/var/log/', false),
      expected: ok,
    },
    {
      name: 'a sub-path of a writable prefix is writable',
      entries: [{ pathPrefix: '/data' }],
      volumes: ['hostPath'],
      pod: hostPathPod('/data/app', false),
      expected: ok,
    },
    {
      name: '/ matches every absolute path',
      entries: [{ pathPrefix: '/', readOnly: true }],
      volumes: ['*'],
      pod: hostPathPod('/etc', true),
      expected: ok,
    },
    {
      name: 'a sibling with the same leading characters is denied',
      entries: [{ pathPrefix: '/foo' }],
      volumes: ['*'],
      pod: hostPathPod('/foobar'),
      expected: notAllowed('/foobar', '/foo'),
    },
    {
      name: 'matching is case-sensitive',
      entries: [{ pathPrefix: '/Var' }, { pathPrefix: '/tmp' }],
      volumes: ['*'],
      pod: hostPathPod('/var'),
      expected: notAllowed('/var', '/Var, /tmp'),
    },
    {
      name: 'any writable matching entry makes the volume writable',
      entries: [{ pathPrefix: '/var', readOnly: true }, { pathPrefix: '/var/log' }],
      volumes: ['*'],
      pod: hostPathPod('/var/log/x', false),
      expected: ok,
    },
    {
      name: 'a read-only prefix needs every mount read-only (absent means false)',
      entries: [{ pathPrefix: '/var/log', readOnly: true }],
      volumes: ['*'],
      pod: hostPathPod('/var/log'),
      expected: {
        mutated: false,
        violations: [
          {
            field: 'spec.containers[0].volumeMounts[1].readOnly',
            message:
              'must be read-only: hostPath "/var/log" (volume "host") is allowed read-only only (container "app")',
          },
        ],
      },
    },
  ])('$name', ({ entries, volumes, pod, expected }) => {
    expect(runCheck(allowedHostPaths, { allowedHostPaths: entries, volumes }, pod)).toEqual(
      expected,
    );
  });
});
