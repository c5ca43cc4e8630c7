/**
 * Behaviour the shared conformance fixtures do not exercise (docs/pss-checks.md, "Gaps in the
 * fixture set"), checked through evaluatePss at a level and version. Check-level detail lives
 * in the checks' own tests.
 */
import { describe, expect, it } from 'vitest';
import { restrictedPod, tweakPod } from '../../test/helpers/pss-pods.ts';
import type { Pod } from '../k8s.ts';
import { evaluatePss, type PssLevel } from './evaluate-pss.ts';

const failing = (pod: Pod, level: PssLevel, version: string) =>
  evaluatePss(pod, { level, version }).reasons.map((reason) => reason.check);

/** Restricted's smallest Windows pod: only runAsNonRoot. */
const windowsPod = (): Pod => ({
  metadata: { name: 'win' },
  spec: {
    os: { name: 'windows' },
    securityContext: { runAsNonRoot: true },
    initContainers: [{ name: 'init' }],
    containers: [{ name: 'app' }],
  },
});

describe('Gap: Windows pods (spec.os.name)', () => {
  it.each(['v1.25', 'v1.26', 'v1.27', 'v1.28', 'v1.37'])(
    'allows the smallest Windows pod at restricted %s',
    (version) => {
      expect(failing(windowsPod(), 'restricted', version)).toEqual([]);
    },
  );

  it('has no Windows exemption at restricted v1.24', () => {
    expect(failing(windowsPod(), 'restricted', 'v1.24')).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'seccompProfile_restricted',
    ]);
  });

  it.each(['v1.25', 'v1.28'])('gives a Linux pod no exemption at restricted %s', (version) => {
    const pod = tweakPod(windowsPod(), (copy) => {
      copy.spec.os = { name: 'linux' };
    });
    expect(failing(pod, 'restricted', version)).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'seccompProfile_restricted',
    ]);
  });

  it.each(['v1.25', 'v1.37'])(
    'still denies a Windows pod runAsNonRoot, host namespaces and hostProcess at %s',
    (version) => {
      const pod = tweakPod(windowsPod(), (copy) => {
        copy.spec.securityContext = { windowsOptions: { hostProcess: true } };
        copy.spec.hostNetwork = true;
      });
      expect(failing(pod, 'restricted', version)).toEqual([
        'hostNamespaces',
        'runAsNonRoot',
        'windowsHostProcess',
      ]);
    },
  );

  it('denies a Linux-labelled restricted pod that drops a restricted field', () => {
    const pod = tweakPod(restrictedPod(), (copy) => {
      copy.spec.os = { name: 'linux' };
      copy.spec.containers[0] = {
        name: 'app',
        securityContext: { capabilities: { drop: ['ALL'] } },
      };
    });
    expect(failing(pod, 'restricted', 'v1.29')).toEqual(['allowPrivilegeEscalation']);
  });
});

describe('Gap: user namespaces (spec.hostUsers: false)', () => {
  const rootPod = (hostUsers: boolean | undefined, procMount?: string) =>
    tweakPod(restrictedPod(), (copy) => {
      if (hostUsers !== undefined) copy.spec.hostUsers = hostUsers;
      copy.spec.securityContext = { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } };
      const container = copy.spec.containers[0];
      if (procMount !== undefined && container?.securityContext) {
        container.securityContext.procMount = procMount;
      }
    });

  it.each([
    { version: 'v1.34', hostUsers: false, expected: ['runAsNonRoot', 'runAsUser'] },
    { version: 'v1.35', hostUsers: undefined, expected: ['runAsNonRoot', 'runAsUser'] },
    { version: 'v1.35', hostUsers: true, expected: ['runAsNonRoot', 'runAsUser'] },
    { version: 'v1.35', hostUsers: false, expected: [] },
    { version: 'v1.37', hostUsers: false, expected: [] },
  ])(
    'at restricted $version with hostUsers=$hostUsers, a root pod fails $expected',
    ({ version, hostUsers, expected }) => {
      expect(failing(rootPod(hostUsers), 'restricted', version)).toEqual(expected);
    },
  );

  it('relaxes baseline procMount from v1.35 but not restricted procMount_restricted', () => {
    const pod = rootPod(false, 'Unmasked');
    expect(failing(pod, 'baseline', 'v1.34')).toEqual(['procMount']);
    expect(failing(pod, 'baseline', 'v1.35')).toEqual([]);
    expect(failing(pod, 'restricted', 'v1.35')).toEqual(['procMount_restricted']);
  });
});

describe('Gap: ephemeral containers', () => {
  it('holds an ephemeral container to every per-container restricted rule', () => {
    const pod = tweakPod(restrictedPod(), (copy) => {
      copy.spec.ephemeralContainers = [
        {
          name: 'debug',
          ports: [{ containerPort: 1, hostPort: 1 }],
          securityContext: {
            privileged: true,
            runAsNonRoot: false,
            runAsUser: 0,
            procMount: 'Unmasked',
          },
        },
      ];
    });
    expect(failing(pod, 'restricted', 'v1.37')).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'hostPorts',
      'privileged',
      'procMount_restricted',
      'runAsNonRoot',
      'runAsUser',
    ]);
  });
});

describe('Gap: seccomp annotations and AppArmor fields', () => {
  it('accepts docker/default annotations at restricted v1.18 and ignores annotations from v1.19', () => {
    const pod = tweakPod(restrictedPod(), (copy) => {
      copy.metadata = {
        name: 'p',
        annotations: {
          'seccomp.security.alpha.kubernetes.io/pod': 'docker/default',
          'container.seccomp.security.alpha.kubernetes.io/app': 'unconfined',
        },
      };
    });
    expect(evaluatePss(pod, { level: 'restricted', version: 'v1.18' }).reasons).toEqual([
      {
        check: 'seccompProfile_baseline',
        field: 'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]',
        fields: ['metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]'],
        message:
          'seccompProfile (forbidden annotation container.seccomp.security.alpha.kubernetes.io/app="unconfined")',
      },
    ]);
    expect(failing(pod, 'restricted', 'v1.19')).toEqual([]);
  });

  it('denies an Unconfined appArmorProfile field at baseline v1.0 and v1.37', () => {
    const pod = tweakPod(restrictedPod(), (copy) => {
      copy.spec.securityContext = {
        ...copy.spec.securityContext,
        appArmorProfile: { type: 'Unconfined' },
      };
    });
    expect(failing(pod, 'baseline', 'v1.0')).toEqual(['appArmorProfile']);
    expect(failing(pod, 'baseline', 'v1.37')).toEqual(['appArmorProfile']);
  });
});

describe('Gap: hostProbesAndHostLifecycle', () => {
  it.each([
    {
      name: 'a startup probe',
      change: { startupProbe: { httpGet: { host: '1.2.3.4', port: 80 } } },
    },
    {
      name: 'a preStop handler',
      change: { lifecycle: { preStop: { httpGet: { host: 'h', port: 80 } } } },
    },
    {
      name: 'a tcpSocket postStart handler',
      change: { lifecycle: { postStart: { tcpSocket: { host: 'h', port: 80 } } } },
    },
  ])('denies $name host from baseline v1.34 only', ({ change }) => {
    const pod = tweakPod(restrictedPod(), (copy) => {
      Object.assign(copy.spec.containers[0] ?? {}, change);
    });
    expect(failing(pod, 'baseline', 'v1.33')).toEqual([]);
    expect(failing(pod, 'baseline', 'v1.34')).toEqual(['hostProbesAndHostLifecycle']);
    expect(failing(pod, 'restricted', 'v1.34')).toEqual(['hostProbesAndHostLifecycle']);
  });
});

describe('Gap: sysctls and SELinux across versions', () => {
  it.each([
    { name: 'net.ipv4.tcp_rmem', denied: 'v1.31', allowed: 'v1.32' },
    { name: 'net.ipv4.tcp_notsent_lowat', denied: 'v1.36', allowed: 'v1.37' },
  ])('allows $name from $allowed only', ({ name, denied, allowed }) => {
    const pod = tweakPod(restrictedPod(), (copy) => {
      copy.spec.securityContext = { ...copy.spec.securityContext, sysctls: [{ name, value: '1' }] };
    });
    expect(failing(pod, 'restricted', denied)).toEqual(['sysctls']);
    expect(failing(pod, 'restricted', allowed)).toEqual([]);
    expect(failing(pod, 'restricted', 'latest')).toEqual([]);
  });

  it('allows container_engine_t from v1.31 only', () => {
    const pod = tweakPod(restrictedPod(), (copy) => {
      copy.spec.securityContext = {
        ...copy.spec.securityContext,
        seLinuxOptions: { type: 'container_engine_t' },
      };
    });
    expect(failing(pod, 'baseline', 'v1.30')).toEqual(['seLinuxOptions']);
    expect(failing(pod, 'baseline', 'v1.31')).toEqual([]);
  });
});
