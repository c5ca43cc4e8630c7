import { describe, expect, it } from 'vitest';
import { baselinePod, restrictedPod, tweakPod } from '../../test/helpers/pss-pods.ts';
import { BadRequestError } from '../errors.ts';
import type { Pod } from '../k8s.ts';
import {
  evaluatePss,
  formatPssTarget,
  LATEST_PSS_VERSION,
  PSS_VERSIONS,
  parsePssTarget,
} from './evaluate-pss.ts';

const VERSION_LIST = Array.from({ length: 38 }, (_, minor) => `v1.${minor}`).join(', ');
const INVALID = (shown: string) =>
  `PSS target ${shown} is not valid: expected <level>[@<version>] with level one of ` +
  `privileged, baseline, restricted and version one of ${VERSION_LIST} or latest`;

describe('Constants: PSS versions', () => {
  it('lists every version from v1.0 to the newest, which is v1.37', () => {
    expect(PSS_VERSIONS.length).toBe(38);
    expect(PSS_VERSIONS[0]).toBe('v1.0');
    expect(PSS_VERSIONS.at(-1)).toBe('v1.37');
    expect(LATEST_PSS_VERSION).toBe('v1.37');
  });
});

describe('Function: parsePssTarget', () => {
  it.each([
    { text: 'restricted', level: 'restricted', version: 'v1.37' },
    { text: 'baseline', level: 'baseline', version: 'v1.37' },
    { text: 'privileged', level: 'privileged', version: 'v1.37' },
    { text: 'baseline@v1.25', level: 'baseline', version: 'v1.25' },
    { text: 'restricted@latest', level: 'restricted', version: 'v1.37' },
    { text: 'restricted:v1.25', level: 'restricted', version: 'v1.25' },
    { text: 'restricted:latest', level: 'restricted', version: 'v1.37' },
    { text: 'baseline@1.25', level: 'baseline', version: 'v1.25' },
    { text: 'baseline@v1.0', level: 'baseline', version: 'v1.0' },
    { text: '1.25', level: 'restricted', version: 'v1.25' },
    { text: 'v1.19', level: 'restricted', version: 'v1.19' },
    { text: 'latest', level: 'restricted', version: 'v1.37' },
    { text: ' Restricted@V1.25 ', level: 'restricted', version: 'v1.25' },
    { text: 'restricted@v1.38', level: 'restricted', version: 'v1.37' },
    { text: 'baseline@v1.99', level: 'baseline', version: 'v1.37' },
  ])('parses "$text" as $level@$version', ({ text, level, version }) => {
    expect(parsePssTarget(text)).toEqual({ level, version });
  });

  it.each([
    { text: '', shown: '""' },
    { text: 'strict', shown: '"strict"' },
    { text: 'restricted@v2.0', shown: '"restricted@v2.0"' },
    { text: 'restricted@v1.x', shown: '"restricted@v1.x"' },
    { text: 'restricted@v1.05', shown: '"restricted@v1.05"' },
    { text: 'restricted@', shown: '"restricted@"' },
    { text: '@v1.25', shown: '"@v1.25"' },
    { text: 'restricted@v1.25@v1.26', shown: '"restricted@v1.25@v1.26"' },
  ])('refuses "$text" with a message listing the levels and versions', ({ text, shown }) => {
    // Act
    const parse = () => parsePssTarget(text);

    // Assess
    expect(parse).toThrow(BadRequestError);
    expect(parse).toThrow(INVALID(shown));
  });
});

describe('Function: formatPssTarget', () => {
  it('writes level@version', () => {
    expect(formatPssTarget({ level: 'restricted', version: 'v1.25' })).toBe('restricted@v1.25');
  });

  it('round-trips through parsePssTarget', () => {
    const target = parsePssTarget('baseline:1.30');
    expect(parsePssTarget(formatPssTarget(target))).toEqual(target);
  });
});

describe('Function: evaluatePss', () => {
  it('reports every restricted failure of a plain pod, sorted by check id, in the library wording', () => {
    // Prepare
    const pod: Pod = {
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'app', image: 'nginx' }] },
    };

    // Act
    const verdict = evaluatePss(pod, { level: 'restricted', version: 'v1.37' });

    // Assess
    expect(verdict).toEqual({
      allowed: false,
      target: { level: 'restricted', version: 'v1.37' },
      reasons: [
        {
          check: 'allowPrivilegeEscalation',
          field: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
          fields: ['spec.containers[0].securityContext.allowPrivilegeEscalation'],
          message:
            'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
        },
        {
          check: 'capabilities_restricted',
          field: 'spec.containers[0].securityContext.capabilities.drop',
          fields: ['spec.containers[0].securityContext.capabilities.drop'],
          message:
            'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
        },
        {
          check: 'runAsNonRoot',
          field: 'spec.containers[0].securityContext.runAsNonRoot',
          fields: ['spec.containers[0].securityContext.runAsNonRoot'],
          message:
            'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
        },
        {
          check: 'seccompProfile_restricted',
          field: 'spec.containers[0].securityContext.seccompProfile.type',
          fields: ['spec.containers[0].securityContext.seccompProfile.type'],
          message:
            'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        },
      ],
    });
  });

  it('sorts baseline and restricted reasons together by check id', () => {
    // Prepare
    const pod = tweakPod(restrictedPod(), (copy) => {
      copy.spec.hostNetwork = true;
      copy.spec.securityContext = { runAsNonRoot: true, runAsUser: 0 };
    });

    // Act
    const { reasons } = evaluatePss(pod, { level: 'restricted', version: 'v1.37' });

    // Assess
    expect(reasons.map((reason) => reason.check)).toEqual([
      'hostNamespaces',
      'runAsUser',
      'seccompProfile_restricted',
    ]);
  });

  it.each([
    { level: 'privileged', allowed: true },
    { level: 'baseline', allowed: false },
    { level: 'restricted', allowed: false },
  ] as const)('at $level, a privileged hostPath pod is allowed: $allowed', ({ level, allowed }) => {
    // Prepare
    const pod = tweakPod(baselinePod(), (copy) => {
      copy.spec.hostPID = true;
      copy.spec.volumes = [{ name: 'root', hostPath: { path: '/' } }];
      copy.spec.containers[0] = { name: 'app', securityContext: { privileged: true } };
    });

    // Act
    const verdict = evaluatePss(pod, { level, version: 'v1.37' });

    // Assess
    expect(verdict.allowed).toBe(allowed);
    expect(verdict.reasons.length === 0).toBe(allowed);
  });

  it.each([
    { name: 'no metadata', pod: { spec: { containers: [{ name: 'app' }] } } },
    { name: 'no spec', pod: { metadata: { name: 'empty' } } },
    { name: 'nothing at all', pod: {} },
  ])('evaluates a pod with $name without throwing', ({ pod }) => {
    expect(evaluatePss(pod as Pod, { level: 'baseline', version: 'v1.37' }).allowed).toBe(true);
  });

  it.each([
    { version: 'latest', expected: 'v1.37' },
    { version: 'v1.40', expected: 'v1.37' },
    { version: '1.34', expected: 'v1.34' },
  ])('evaluates a target version of $version as $expected', ({ version, expected }) => {
    // Prepare: a startup probe host is denied from v1.34 only
    const pod = tweakPod(baselinePod(), (copy) => {
      copy.spec.containers[0] = {
        name: 'app',
        startupProbe: { tcpSocket: { host: '10.0.0.1', port: 80 } },
      };
    });

    // Act
    const loose = evaluatePss(pod, { level: 'baseline', version });
    const exact = evaluatePss(pod, { level: 'baseline', version: expected });

    // Assess
    expect(loose.reasons).toEqual(exact.reasons);
    expect(loose.allowed).toBe(false);
    expect(loose.target).toEqual({ level: 'baseline', version });
  });

  it.each([
    { target: { level: 'strict', version: 'v1.25' }, shown: '"strict@v1.25"' },
    { target: { level: 'baseline', version: 'v2.1' }, shown: '"baseline@v2.1"' },
  ])('refuses the target $shown', ({ target, shown }) => {
    // Act
    const evaluate = () => evaluatePss(baselinePod(), target as never);

    // Assess
    expect(evaluate).toThrow(BadRequestError);
    expect(evaluate).toThrow(INVALID(shown));
  });

  it('lists every offending field and puts the first in `field`', () => {
    // Prepare
    const pod = tweakPod(baselinePod(), (copy) => {
      copy.spec.initContainers = [{ name: 'init', securityContext: { privileged: true } }];
      copy.spec.containers = [
        { name: 'a', securityContext: { privileged: false } },
        { name: 'b', securityContext: { privileged: true } },
      ];
      copy.spec.ephemeralContainers = [{ name: 'debug', securityContext: { privileged: true } }];
    });

    // Act
    const { reasons } = evaluatePss(pod, { level: 'baseline', version: 'v1.37' });

    // Assess
    expect(reasons).toEqual([
      {
        check: 'privileged',
        field: 'spec.initContainers[0].securityContext.privileged',
        fields: [
          'spec.initContainers[0].securityContext.privileged',
          'spec.containers[1].securityContext.privileged',
          'spec.ephemeralContainers[0].securityContext.privileged',
        ],
        message:
          'privileged (containers "init", "b", "debug" must not set securityContext.privileged=true)',
      },
    ]);
  });
});
