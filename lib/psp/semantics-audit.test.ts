/**
 * Review of the evaluator against docs/psp-semantics.md, rule by rule, with an eye on §10
 * ("Easy to get wrong") and the field-path table of §7. End to end through evaluatePsp so that
 * mutation, order, authorization and validation are exercised together.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Container, Pod, Volume } from '../k8s.ts';
import { buildPolicySet, loadManifestPaths } from '../manifests/load-manifests.ts';
import type { RbacObjects } from '../policy-set.ts';
import { evaluatePsp, evaluatePspWithTrace, type PspVerdict } from './evaluate-psp.ts';
import { container, minimalPod, policy, policySet } from './test-support.ts';
import type { PodSecurityPolicySpec } from './types.ts';

const SECCOMP_ALLOWED = 'seccomp.security.alpha.kubernetes.io/allowedProfileNames';
const SECCOMP_DEFAULT = 'seccomp.security.alpha.kubernetes.io/defaultProfileName';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_ALLOWED = 'apparmor.security.beta.kubernetes.io/allowedProfileNames';
const APPARMOR_DEFAULT = 'apparmor.security.beta.kubernetes.io/defaultProfileName';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';
const ANY_SECCOMP = { [SECCOMP_ALLOWED]: '*' };

const allowedAs = (name: string, mutated = false): PspVerdict => ({
  allowed: true,
  policy: name,
  mutated,
  reasons: [],
});
const DENIED_SILENTLY: PspVerdict = { allowed: false, policy: null, mutated: false, reasons: [] };

/** The (field, message) pairs of a denial by the one policy `p`. */
function denied(...reasons: [string, string][]): PspVerdict {
  return {
    allowed: false,
    policy: null,
    mutated: false,
    reasons: reasons.map(([field, message]) => ({ policy: 'p', field, message })),
  };
}

/** Evaluates `pod` against the single policy `p` (permissive apart from `spec`). */
function one(
  pod: Pod,
  spec: Partial<PodSecurityPolicySpec>,
  annotations: Record<string, string> = ANY_SECCOMP,
  operation: 'create' | 'update' = 'create',
): PspVerdict {
  return evaluatePsp(pod, policySet([policy('p', spec, annotations)]), { operation });
}

function withContainers(
  kinds: { init?: Container[]; app?: Container[]; ephemeral?: Container[] },
  spec: Partial<Pod['spec']> = {},
  metadata: Pod['metadata'] = {},
): Pod {
  const pod = minimalPod(
    {
      ...(kinds.init ? { initContainers: kinds.init } : {}),
      containers: kinds.app ?? [container()],
      ...(kinds.ephemeral
        ? {
            ephemeralContainers: kinds.ephemeral as NonNullable<Pod['spec']>['ephemeralContainers'],
          }
        : {}),
      ...spec,
    },
    metadata,
  );
  return pod;
}

describe('§3/§5/§10.1 — what counts as mutating, and non-mutating first', () => {
  // Each spec would default something on a bare pod: on create the permissive z-plain policy
  // (non-mutating) wins although a-policy sorts first; on update a-policy alone denies with [].
  const mutating: {
    name: string;
    spec: Partial<PodSecurityPolicySpec>;
    ann?: Record<string, string>;
  }[] = [
    { name: 'runAsUser MustRunAsNonRoot', spec: { runAsUser: { rule: 'MustRunAsNonRoot' } } },
    {
      name: 'runAsUser MustRunAs',
      spec: { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 2000 }] } },
    },
    {
      name: 'runAsGroup MustRunAs',
      spec: { runAsGroup: { rule: 'MustRunAs', ranges: [{ min: 1, max: 2 }] } },
    },
    {
      name: 'fsGroup MustRunAs',
      spec: { fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1, max: 2 }] } },
    },
    {
      name: 'supplementalGroups MustRunAs',
      spec: { supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1, max: 2 }] } },
    },
    {
      name: 'seLinux MustRunAs',
      spec: { seLinux: { rule: 'MustRunAs', seLinuxOptions: { level: 's0:c1' } } },
    },
    { name: 'a required drop', spec: { requiredDropCapabilities: ['NET_RAW'] } },
    { name: 'a default add', spec: { defaultAddCapabilities: ['NET_ADMIN'] } },
    { name: 'readOnlyRootFilesystem', spec: { readOnlyRootFilesystem: true } },
    { name: 'allowPrivilegeEscalation false', spec: { allowPrivilegeEscalation: false } },
    {
      name: 'defaultAllowPrivilegeEscalation true',
      spec: { defaultAllowPrivilegeEscalation: true },
    },
    {
      name: 'defaultAllowPrivilegeEscalation false',
      spec: { defaultAllowPrivilegeEscalation: false },
    },
    {
      name: 'a runtime class default',
      spec: {
        runtimeClass: { allowedRuntimeClassNames: ['gvisor'], defaultRuntimeClassName: 'gvisor' },
      },
    },
    {
      name: 'a seccomp default',
      spec: {},
      ann: { [SECCOMP_ALLOWED]: 'runtime/default', [SECCOMP_DEFAULT]: 'runtime/default' },
    },
    {
      name: 'an AppArmor default',
      spec: {},
      ann: {
        ...ANY_SECCOMP,
        [APPARMOR_ALLOWED]: 'runtime/default',
        [APPARMOR_DEFAULT]: 'runtime/default',
      },
    },
  ];

  it.each(mutating)(
    '$name mutates: the later non-mutating policy wins on create',
    ({ spec, ann }) => {
      const set = policySet([policy('a-policy', spec, ann ?? ANY_SECCOMP), policy('z-plain')]);
      expect(evaluatePsp(minimalPod(), set, { operation: 'create' })).toEqual(allowedAs('z-plain'));
    },
  );

  it.each(mutating)(
    '$name mutates: alone, it admits on create after defaulting',
    ({ spec, ann }) => {
      const set = policySet([policy('a-policy', spec, ann ?? ANY_SECCOMP)]);
      expect(evaluatePsp(minimalPod(), set, { operation: 'create' })).toEqual(
        allowedAs('a-policy', true),
      );
    },
  );

  it.each(mutating)(
    '$name mutates: on update it is skipped with no error at all',
    ({ spec, ann }) => {
      const set = policySet([policy('a-policy', spec, ann ?? ANY_SECCOMP)]);
      expect(evaluatePsp(minimalPod(), set, { operation: 'update' })).toEqual(DENIED_SILENTLY);
    },
  );

  const notMutating: { name: string; spec: Partial<PodSecurityPolicySpec>; pod: Pod }[] = [
    {
      name: 'fsGroup MayRunAs on an unset fsGroup',
      spec: { fsGroup: { rule: 'MayRunAs', ranges: [{ min: 1, max: 2 }] } },
      pod: minimalPod(),
    },
    {
      name: 'supplementalGroups MayRunAs on unset groups',
      spec: { supplementalGroups: { rule: 'MayRunAs', ranges: [{ min: 1, max: 2 }] } },
      pod: minimalPod(),
    },
    {
      name: 'runAsGroup MayRunAs on an unset GID',
      spec: { runAsGroup: { rule: 'MayRunAs', ranges: [{ min: 1, max: 2 }] } },
      pod: minimalPod(),
    },
    {
      name: 'MustRunAsNonRoot on a container with a UID (no UID is defaulted)',
      spec: { runAsUser: { rule: 'MustRunAsNonRoot' } },
      pod: minimalPod({ securityContext: { runAsUser: 1000 } }),
    },
    {
      name: 'MustRunAsNonRoot on a pod-level runAsNonRoot',
      spec: { runAsUser: { rule: 'MustRunAsNonRoot' } },
      pod: minimalPod({ securityContext: { runAsNonRoot: true } }),
    },
    {
      name: 'a required drop the container lists',
      spec: { requiredDropCapabilities: ['NET_RAW'] },
      pod: minimalPod({
        containers: [
          container('app', { securityContext: { capabilities: { drop: ['NET_RAW'] } } }),
        ],
      }),
    },
    {
      name: 'a default add the container drops',
      spec: { defaultAddCapabilities: ['NET_ADMIN'] },
      pod: minimalPod({
        containers: [
          container('app', { securityContext: { capabilities: { drop: ['NET_ADMIN'] } } }),
        ],
      }),
    },
    {
      name: 'privileged false (nothing defaults privileged)',
      spec: { privileged: false },
      pod: minimalPod(),
    },
    {
      name: 'a runtimeClass stanza without default',
      spec: { runtimeClass: { allowedRuntimeClassNames: [] } },
      pod: minimalPod(),
    },
    {
      name: 'a pod-level runAsGroup under MustRunAs',
      spec: { runAsGroup: { rule: 'MustRunAs', ranges: [{ min: 1, max: 2 }] } },
      pod: minimalPod({ securityContext: { runAsGroup: 2 } }),
    },
  ];

  it.each(notMutating)('$name does not mutate: it admits on update', ({ spec, pod }) => {
    const set = policySet([policy('a-policy', spec), policy('z-plain')]);
    expect(evaluatePsp(pod, set, { operation: 'update' })).toEqual(allowedAs('a-policy'));
  });

  it('ALL is just a string: dropping ALL does not satisfy a required NET_RAW drop', () => {
    const pod = minimalPod({
      containers: [container('app', { securityContext: { capabilities: { drop: ['ALL'] } } })],
    });
    const set = policySet([policy('p', { requiredDropCapabilities: ['NET_RAW'] })]);
    expect(evaluatePsp(pod, set, { operation: 'update' })).toEqual(DENIED_SILENTLY);
    expect(evaluatePsp(pod, set, { operation: 'create' })).toEqual(allowedAs('p', true));
  });

  it('the seccomp field without the annotation is a mutation for every policy: name order decides', () => {
    const pod = minimalPod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } });
    const set = policySet([policy('eks.privileged'), policy('eks-restricted')]);
    expect(evaluatePsp(pod, set, { operation: 'create' })).toEqual(
      allowedAs('eks-restricted', true),
    );
    expect(evaluatePsp(pod, set, { operation: 'update' })).toEqual(DENIED_SILENTLY);
  });

  it('among non-mutating policies the first in byte order wins (digits, then upper, then lower case)', () => {
    const set = policySet(['psp-a', 'psp-9', 'psp-B', 'psp-10'].map((n) => policy(n)));
    expect(evaluatePsp(minimalPod(), set, {})).toEqual(allowedAs('psp-10'));
  });

  it('on update the kubernetes.io/psp policy is tried first, even when it sorts last', () => {
    const pod = minimalPod({}, { annotations: { 'kubernetes.io/psp': 'zz' } });
    const set = policySet([policy('aa'), policy('zz')]);
    expect(evaluatePsp(pod, set, { operation: 'update' })).toEqual(allowedAs('zz'));
    expect(evaluatePsp(pod, set, { operation: 'create' })).toEqual(allowedAs('aa'));
  });

  it('on update, errors of an authorized policy that would also mutate are still reported', () => {
    const pod = minimalPod({
      containers: [container('app', { securityContext: { privileged: true } })],
    });
    const set = policySet([
      policy('p', { privileged: false, runAsUser: { rule: 'MustRunAsNonRoot' } }),
    ]);
    expect(evaluatePsp(pod, set, { operation: 'update' })).toEqual(
      denied([
        'spec.containers[0].securityContext.privileged',
        'Privileged containers are not allowed (container "app")',
      ]),
    );
  });
});

describe('§4/§10.4 — who may use a policy', () => {
  const useRule = (apiGroups: string[], extra: Record<string, string[]> = {}) => ({
    apiGroups,
    resources: ['podsecuritypolicies'],
    verbs: ['use'],
    ...extra,
  });
  function rbac(
    rules: ReturnType<typeof useRule>[],
    subjects: { kind: string; name: string; namespace?: string }[],
    bindingNamespace?: string,
  ): RbacObjects {
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' };
    return {
      clusterRoles: [{ metadata: { name: 'r' }, rules }],
      clusterRoleBindings: bindingNamespace ? [] : [{ metadata: { name: 'b' }, roleRef, subjects }],
      roles: [],
      roleBindings: bindingNamespace
        ? [{ metadata: { name: 'b', namespace: bindingNamespace }, roleRef, subjects }]
        : [],
    };
  }
  const restricted = policy('a-restricted', { privileged: false });
  const open = policy('b-open');
  const privPod = (namespace = 'shop', sa: Partial<Pod['spec']> = { serviceAccountName: 'web' }) =>
    minimalPod(
      { containers: [container('app', { securityContext: { privileged: true } })], ...sa },
      { name: 'p', namespace },
    );

  it.each([
    {
      name: 'policy group',
      rules: [useRule(['policy'])],
      subjects: [{ kind: 'Group', name: 'devs' }],
      req: { user: 'u', groups: ['devs'] },
      ok: true,
    },
    {
      name: 'extensions group',
      rules: [useRule(['extensions'])],
      subjects: [{ kind: 'Group', name: 'devs' }],
      req: { user: 'u', groups: ['devs'] },
      ok: true,
    },
    {
      name: 'the * group',
      rules: [useRule(['*'])],
      subjects: [{ kind: 'Group', name: 'devs' }],
      req: { user: 'u', groups: ['devs'] },
      ok: true,
    },
    {
      name: 'the core group does not count',
      rules: [useRule([''])],
      subjects: [{ kind: 'Group', name: 'devs' }],
      req: { user: 'u', groups: ['devs'] },
      ok: false,
    },
    {
      name: '* verbs and * resources',
      rules: [{ apiGroups: ['policy'], resources: ['*'], verbs: ['*'] }],
      subjects: [{ kind: 'User', name: 'u' }],
      req: { user: 'u', groups: [] },
      ok: true,
    },
    {
      name: 'resourceNames naming the policy',
      rules: [useRule(['policy'], { resourceNames: ['b-open'] })],
      subjects: [{ kind: 'User', name: 'u' }],
      req: { user: 'u', groups: [] },
      ok: true,
    },
    {
      name: 'resourceNames naming another policy',
      rules: [useRule(['policy'], { resourceNames: ['c-other'] })],
      subjects: [{ kind: 'User', name: 'u' }],
      req: { user: 'u', groups: [] },
      ok: false,
    },
    {
      name: 'system:authenticated through the requester',
      rules: [useRule(['policy'])],
      subjects: [{ kind: 'Group', name: 'system:authenticated' }],
      req: { user: 'u', groups: ['system:authenticated'] },
      ok: true,
    },
    {
      name: 'system:authenticated never through the service account',
      rules: [useRule(['policy'])],
      subjects: [{ kind: 'Group', name: 'system:authenticated' }],
      req: { user: 'u', groups: [] },
      ok: false,
    },
    {
      name: 'system:serviceaccounts through the service account',
      rules: [useRule(['policy'])],
      subjects: [{ kind: 'Group', name: 'system:serviceaccounts' }],
      req: {},
      ok: true,
    },
    {
      name: 'system:serviceaccounts:<ns> through the service account',
      rules: [useRule(['policy'])],
      subjects: [{ kind: 'Group', name: 'system:serviceaccounts:shop' }],
      req: {},
      ok: true,
    },
    {
      name: 'system:serviceaccounts:<other ns> does not match',
      rules: [useRule(['policy'])],
      subjects: [{ kind: 'Group', name: 'system:serviceaccounts:other' }],
      req: {},
      ok: false,
    },
    {
      name: 'the ServiceAccount subject',
      rules: [useRule(['policy'])],
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
      req: {},
      ok: true,
    },
    {
      name: 'a ServiceAccount subject without namespace in a ClusterRoleBinding',
      rules: [useRule(['policy'])],
      subjects: [{ kind: 'ServiceAccount', name: 'web' }],
      req: {},
      ok: false,
    },
    {
      name: 'system:masters without any binding',
      rules: [],
      subjects: [],
      req: { user: 'root', groups: ['system:masters'] },
      ok: true,
    },
  ])('$name → usable: $ok', ({ rules, subjects, req, ok }) => {
    const verdict = evaluatePsp(
      privPod(),
      policySet([restricted, open], rbac(rules, subjects)),
      req,
    );
    expect(verdict).toEqual(ok ? allowedAs('b-open') : DENIED_SILENTLY);
  });

  it('a RoleBinding applies only to pods of its namespace, and defaults a ServiceAccount subject to it', () => {
    const set = policySet(
      [open],
      rbac([useRule(['policy'])], [{ kind: 'ServiceAccount', name: 'web' }], 'shop'),
    );
    expect(evaluatePsp(privPod('shop'), set, {})).toEqual(allowedAs('b-open'));
    expect(evaluatePsp(privPod('other'), set, {})).toEqual(DENIED_SILENTLY);
    const forGroup = policySet(
      [open],
      rbac([useRule(['policy'])], [{ kind: 'Group', name: 'devs' }], 'shop'),
    );
    expect(evaluatePsp(privPod('other'), forGroup, { user: 'u', groups: ['devs'] })).toEqual(
      DENIED_SILENTLY,
    );
  });

  it('the deprecated spec.serviceAccount names the service account when serviceAccountName is empty', () => {
    const set = policySet(
      [open],
      rbac([useRule(['policy'])], [{ kind: 'ServiceAccount', name: 'legacy', namespace: 'shop' }]),
    );
    expect(evaluatePsp(privPod('shop', { serviceAccount: 'legacy' }), set, {})).toEqual(
      allowedAs('b-open'),
    );
    expect(
      evaluatePsp(
        privPod('shop', { serviceAccountName: 'web', serviceAccount: 'legacy' }),
        set,
        {},
      ),
    ).toEqual(DENIED_SILENTLY);
  });

  it('a denial lists only the errors of usable policies', () => {
    const set = policySet(
      [restricted, policy('c-hidden', { privileged: false })],
      rbac(
        [useRule(['policy'], { resourceNames: ['a-restricted'] })],
        [{ kind: 'User', name: 'u' }],
      ),
    );
    expect(evaluatePsp(privPod(), set, { user: 'u', groups: [] }).reasons).toEqual([
      {
        policy: 'a-restricted',
        field: 'spec.containers[0].securityContext.privileged',
        message: 'Privileged containers are not allowed (container "app")',
      },
    ]);
  });
});

const hostPathVolume = (path: string, name = 'host'): Volume => ({ name, hostPath: { path } });

describe('§6.4–§6.7/§10.5/§10.10 — volumes, host paths, flex and CSI drivers', () => {
  it.each([
    { path: '/foo', prefix: '/foo', ok: true },
    { path: '/foo/', prefix: '/foo', ok: true },
    { path: '/foo', prefix: '/foo/', ok: true },
    { path: '/foo/bar', prefix: '/foo', ok: true },
    { path: '/foobar', prefix: '/foo', ok: false },
    { path: '/Foo', prefix: '/foo', ok: false },
    { path: '/etc', prefix: '/', ok: true },
    { path: '/foo/../etc', prefix: '/foo', ok: true },
  ])('hostPath $path under pathPrefix $prefix → $ok', ({ path, prefix, ok }) => {
    const pod = minimalPod({ volumes: [hostPathVolume(path)] });
    const verdict = one(pod, { volumes: ['hostPath'], allowedHostPaths: [{ pathPrefix: prefix }] });
    expect(verdict).toEqual(
      ok
        ? allowedAs('p')
        : denied([
            'spec.volumes[0].hostPath.pathPrefix',
            `hostPath ${JSON.stringify(path)} is not allowed to be used (volume "host"); allowed path prefixes: ${prefix}`,
          ]),
    );
  });

  it('volumes: ["*"] does not lift allowedHostPaths, allowedFlexVolumes or allowedCSIDrivers', () => {
    const pod = minimalPod({
      volumes: [
        hostPathVolume('/etc'),
        { name: 'flex', flexVolume: { driver: 'evil/driver' } },
        { name: 'inline', csi: { driver: 'evil.csi' } },
      ],
    });
    const verdict = one(pod, {
      volumes: ['*'],
      allowedHostPaths: [{ pathPrefix: '/var/log' }],
      allowedFlexVolumes: [{ driver: 'good/driver' }],
      allowedCSIDrivers: [{ name: 'good.csi' }],
    });
    expect(verdict.reasons.map((r) => r.field).sort()).toEqual([
      'spec.volumes[0].hostPath.pathPrefix',
      'spec.volumes[1].driver',
      'spec.volumes[2].csi.driver',
    ]);
  });

  it('read-only host paths: every mount of the volume in init, regular and ephemeral containers must be readOnly', () => {
    const mount = (readOnly?: boolean) => ({
      name: 'host',
      mountPath: '/h',
      ...(readOnly === undefined ? {} : { readOnly }),
    });
    const pod = withContainers(
      {
        init: [container('setup', { volumeMounts: [mount()] })],
        app: [container('app', { volumeMounts: [mount(true)] })],
        ephemeral: [
          container('debug', { volumeMounts: [{ name: 'other', mountPath: '/o' }, mount(false)] }),
        ],
      },
      { volumes: [hostPathVolume('/var/log/app'), { name: 'other', emptyDir: {} }] },
    );
    const verdict = one(pod, {
      volumes: ['*'],
      allowedHostPaths: [{ pathPrefix: '/var/log', readOnly: true }],
    });
    const msg = (c: string) =>
      `must be read-only: hostPath "/var/log/app" (volume "host") is allowed read-only only (${c})`;
    expect(verdict).toEqual(
      denied(
        ['spec.initContainers[0].volumeMounts[0].readOnly', msg('init container "setup"')],
        [
          'spec.ephemeralContainers[0].volumeMounts[1].readOnly',
          msg('ephemeral container "debug"'),
        ],
      ),
    );
  });

  it('no "most specific prefix wins": any writable match makes the volume writable', () => {
    const pod = minimalPod({
      volumes: [hostPathVolume('/var/log/app')],
      containers: [container('app', { volumeMounts: [{ name: 'host', mountPath: '/h' }] })],
    });
    for (const entries of [
      [{ pathPrefix: '/var/log', readOnly: true }, { pathPrefix: '/var' }],
      [
        { pathPrefix: '/var', readOnly: false },
        { pathPrefix: '/var/log', readOnly: true },
      ],
    ]) {
      expect(one(pod, { volumes: ['hostPath'], allowedHostPaths: entries })).toEqual(
        allowedAs('p'),
      );
    }
  });

  it('a hostPath volume the list does not admit is reported once, at spec.volumes[i]', () => {
    const pod = minimalPod({
      volumes: [{ name: 'c', configMap: { name: 'x' } }, hostPathVolume('/etc')],
    });
    expect(
      one(pod, { volumes: ['configMap'], allowedHostPaths: [{ pathPrefix: '/var' }] }),
    ).toEqual(
      denied(['spec.volumes[1]', 'hostPath volumes are not allowed to be used (volume "host")']),
    );
  });

  it.each([
    {
      name: 'awsElasticBlockStore',
      volume: { name: 'v', awsElasticBlockStore: { volumeID: 'vol-1' } },
      type: 'awsElasticBlockStore',
    },
    {
      name: 'cephfs (listed as cephFS)',
      volume: { name: 'v', cephfs: { monitors: ['m'] } },
      type: 'cephFS',
    },
    {
      name: 'ephemeral',
      volume: { name: 'v', ephemeral: { volumeClaimTemplate: { spec: {} } } },
      type: 'ephemeral',
    },
    { name: 'nfs', volume: { name: 'v', nfs: { server: 's', path: '/' } }, type: 'nfs' },
  ] as { name: string; volume: Volume; type: string }[])(
    '$name volumes are typed $type: denied unless that type is listed',
    ({ volume, type }) => {
      const pod = minimalPod({ volumes: [volume] });
      expect(one(pod, { volumes: ['emptyDir'] })).toEqual(
        denied(['spec.volumes[0]', `${type} volumes are not allowed to be used (volume "v")`]),
      );
      expect(one(pod, { volumes: [type] })).toEqual(allowedAs('p'));
    },
  );

  it('an empty volumes list admits no volume at all', () => {
    const pod = minimalPod({ volumes: [{ name: 'v', emptyDir: {} }] });
    expect(one(pod, { volumes: [] })).toEqual(
      denied(['spec.volumes[0]', 'emptyDir volumes are not allowed to be used (volume "v")']),
    );
  });

  const token = (audience?: string) => ({
    serviceAccountToken: {
      path: 'token',
      expirationSeconds: 3607,
      ...(audience ? { audience } : {}),
    },
  });
  const rootCa = {
    configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] },
  };
  const namespaceItem = {
    downwardAPI: {
      items: [
        { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
      ],
    },
  };
  it.each([
    {
      name: 'the standard kube-api-access volume',
      sources: [token(), rootCa, namespaceItem],
      ok: true,
    },
    { name: 'a token with an audience (IRSA)', sources: [token('sts.amazonaws.com')], ok: false },
    { name: 'another configMap', sources: [token(), { configMap: { name: 'other' } }], ok: false },
    {
      name: 'a downwardAPI label item',
      sources: [
        {
          downwardAPI: {
            items: [
              { path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } },
            ],
          },
        },
      ],
      ok: false,
    },
    { name: 'a secret source', sources: [{ secret: { name: 's' } }], ok: false },
  ])('projected: $name is allowed under volumes [secret]: $ok', ({ sources, ok }) => {
    const pod = minimalPod({
      volumes: [{ name: 'kube-api-access-x', projected: { sources } } as Volume],
    });
    expect(one(pod, { volumes: ['secret'] })).toEqual(
      ok
        ? allowedAs('p')
        : denied([
            'spec.volumes[0]',
            'projected volumes are not allowed to be used (volume "kube-api-access-x")',
          ]),
    );
  });
});

describe('§6.13/§10.6 — capabilities are exact strings', () => {
  const addPod = (add: string[]) =>
    minimalPod({ containers: [container('app', { securityContext: { capabilities: { add } } })] });
  it.each([
    { add: ['NET_ADMIN'], ok: true },
    { add: ['net_admin'], ok: false },
    { add: ['CAP_NET_ADMIN'], ok: false },
    { add: ['SYS_TIME'], ok: true },
  ])('add $add under allowed [NET_ADMIN], defaultAdd [SYS_TIME] → $ok', ({ add, ok }) => {
    const spec = { allowedCapabilities: ['NET_ADMIN'], defaultAddCapabilities: ['SYS_TIME'] };
    const pod = addPod([...add, ...(add.includes('SYS_TIME') ? [] : [])]);
    const verdict = one(pod, spec);
    if (ok) expect(verdict.allowed).toBe(true);
    else
      expect(verdict).toEqual(
        denied([
          'spec.containers[0].securityContext.capabilities.add',
          `capability ${JSON.stringify(add[0])} may not be added (container "app")`,
        ]),
      );
  });

  it('adding a capability that must be dropped is an add error', () => {
    const pod = minimalPod({
      containers: [
        container('app', {
          securityContext: { capabilities: { add: ['NET_RAW'], drop: ['NET_RAW'] } },
        }),
      ],
    });
    expect(one(pod, { allowedCapabilities: [], requiredDropCapabilities: ['NET_RAW'] })).toEqual(
      denied([
        'spec.containers[0].securityContext.capabilities.add',
        'capability "NET_RAW" may not be added (container "app")',
      ]),
    );
  });

  it('allowedCapabilities * admits any add', () => {
    expect(one(addPod(['SYS_ADMIN', 'whatever']), { allowedCapabilities: ['*'] })).toEqual(
      allowedAs('p'),
    );
  });
});

describe('§6.10/§10.7 — seccomp', () => {
  const POD_PATH = `metadata.annotations[${SECCOMP_POD}]`;
  const APP_PATH = `metadata.annotations[${SECCOMP_CONTAINER}app]`;
  it('no allowed list: runtime/default (annotation) is forbidden, at the pod and inherited by the container', () => {
    const pod = minimalPod({}, { annotations: { [SECCOMP_POD]: 'runtime/default' } });
    expect(one(pod, {}, {})).toEqual(
      denied(
        [POD_PATH, 'seccomp may not be set (profile "runtime/default")'],
        [APP_PATH, 'seccomp may not be set (profile "runtime/default") (container "app")'],
      ),
    );
  });

  it('no allowed list: RuntimeDefault (field) on the container is forbidden at the container annotation path', () => {
    const pod = minimalPod({
      containers: [
        container('app', { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      ],
    });
    expect(one(pod, {}, {})).toEqual(
      denied([APP_PATH, 'seccomp may not be set (profile "runtime/default") (container "app")']),
    );
  });

  it('no allowed list and no profile: fine', () => {
    expect(one(minimalPod(), {}, {}, 'update')).toEqual(allowedAs('p'));
  });

  it('an empty profile fails a non-empty list (on update, where nothing defaults it)', () => {
    expect(one(minimalPod(), {}, { [SECCOMP_ALLOWED]: 'runtime/default' }, 'update')).toEqual(
      denied(
        [POD_PATH, 'seccomp profile must be set; allowed profiles: runtime/default'],
        [
          APP_PATH,
          'seccomp profile must be set; allowed profiles: runtime/default (container "app")',
        ],
      ),
    );
  });

  it.each([
    { allowed: 'docker/default', profile: 'runtime/default' },
    { allowed: 'runtime/default', profile: 'docker/default' },
    { allowed: 'localhost/x,runtime/default', profile: 'localhost/x' },
  ])('list $allowed admits the annotation $profile', ({ allowed, profile }) => {
    const pod = minimalPod({}, { annotations: { [SECCOMP_POD]: profile } });
    expect(one(pod, {}, { [SECCOMP_ALLOWED]: allowed }, 'update')).toEqual(allowedAs('p'));
  });

  it('a container annotation overrides the pod profile; a container field overrides both', () => {
    const pod = withContainers(
      {
        app: [
          container('app'),
          container('side', {
            securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'ok.json' } },
          }),
        ],
      },
      {},
      {
        annotations: {
          [SECCOMP_POD]: 'runtime/default',
          [`${SECCOMP_CONTAINER}app`]: 'unconfined',
          [`${SECCOMP_CONTAINER}side`]: 'unconfined',
        },
      },
    );
    expect(
      one(pod, {}, { [SECCOMP_ALLOWED]: 'runtime/default,localhost/ok.json' }, 'update'),
    ).toEqual(
      denied([
        APP_PATH,
        '"unconfined" is not an allowed seccomp profile; allowed profiles: runtime/default, localhost/ok.json (container "app")',
      ]),
    );
  });

  it('the default fills an empty pod profile on create; containers inherit it', () => {
    const pod = minimalPod();
    expect(
      one(pod, {}, { [SECCOMP_ALLOWED]: 'runtime/default', [SECCOMP_DEFAULT]: 'runtime/default' }),
    ).toEqual(allowedAs('p', true));
  });
});

describe('§6.11 — AppArmor', () => {
  it('with a list, every container (init and ephemeral too) needs a listed profile, exactly', () => {
    const pod = withContainers(
      { init: [container('setup')], ephemeral: [container('debug')] },
      {},
      {
        annotations: {
          [`${APPARMOR_CONTAINER}app`]: 'runtime/default',
          [`${APPARMOR_CONTAINER}setup`]: 'localhost/x',
        },
      },
    );
    expect(one(pod, {}, { ...ANY_SECCOMP, [APPARMOR_ALLOWED]: 'runtime/default' })).toEqual(
      denied(
        [
          `metadata.annotations[${APPARMOR_CONTAINER}setup]`,
          'AppArmor profile "localhost/x" is not allowed; allowed profiles: runtime/default (init container "setup")',
        ],
        [
          `metadata.annotations[${APPARMOR_CONTAINER}debug]`,
          'AppArmor profile must be set; allowed profiles: runtime/default (ephemeral container "debug")',
        ],
      ),
    );
  });
});

describe('§6.8/§10.8 — users and groups on effective values', () => {
  const nonRoot = { runAsUser: { rule: 'MustRunAsNonRoot' as const } };
  it('a pod-level root UID is reported on each inheriting container, never at the pod path', () => {
    const pod = minimalPod({
      securityContext: { runAsUser: 0 },
      containers: [
        container('a'),
        container('b', { securityContext: { runAsUser: 1000 } }),
        container('c'),
      ],
    });
    expect(one(pod, nonRoot)).toEqual(
      denied(
        [
          'spec.containers[0].securityContext.runAsUser',
          'running with the root UID (runAsUser 0) is forbidden (container "a")',
        ],
        [
          'spec.containers[2].securityContext.runAsUser',
          'running with the root UID (runAsUser 0) is forbidden (container "c")',
        ],
      ),
    );
  });

  it('a pod-level value every container overrides is not checked', () => {
    const pod = minimalPod({
      securityContext: { runAsUser: 0, runAsNonRoot: false },
      containers: [container('a', { securityContext: { runAsUser: 1000, runAsNonRoot: true } })],
    });
    expect(one(pod, nonRoot, ANY_SECCOMP, 'update')).toEqual(allowedAs('p'));
  });

  it('MustRunAsNonRoot rejects runAsNonRoot false even with a non-zero UID', () => {
    const pod = minimalPod({ securityContext: { runAsNonRoot: false, runAsUser: 1000 } });
    expect(one(pod, nonRoot)).toEqual(
      denied([
        'spec.containers[0].securityContext.runAsNonRoot',
        'runAsNonRoot is false but must be true (container "app")',
      ]),
    );
  });

  it('MustRunAs ranges apply to init containers on their effective UID', () => {
    const pod = withContainers(
      { init: [container('setup', { securityContext: { runAsUser: 5 } })] },
      { securityContext: { runAsUser: 1500 } },
    );
    expect(
      one(pod, { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1000, max: 2000 }] } }),
    ).toEqual(
      denied([
        'spec.initContainers[0].securityContext.runAsUser',
        'runAsUser 5 must be in the ranges: [1000-2000] (init container "setup")',
      ]),
    );
  });

  it('runAsGroup is reported at the container securityContext itself', () => {
    const pod = minimalPod({ securityContext: { runAsGroup: 7 } });
    for (const rule of ['MustRunAs', 'MayRunAs'] as const) {
      expect(one(pod, { runAsGroup: { rule, ranges: [{ min: 100, max: 200 }] } })).toEqual(
        denied([
          'spec.containers[0].securityContext',
          'runAsGroup 7 must be in the ranges: [100-200] (container "app")',
        ]),
      );
    }
  });

  it.each(['fsGroup', 'supplementalGroups'] as const)(
    '%s MayRunAs validates only values present; MustRunAs defaults an unset one',
    (field) => {
      const ranges = [{ min: 100, max: 200 }];
      const set = field === 'fsGroup' ? { fsGroup: 5 } : { supplementalGroups: [150, 5] };
      const message =
        field === 'fsGroup'
          ? 'fsGroup 5 must be in the ranges: [100-200]'
          : 'supplemental group 5 must be in the ranges: [100-200]';
      for (const rule of ['MayRunAs', 'MustRunAs'] as const) {
        expect(one(minimalPod({ securityContext: set }), { [field]: { rule, ranges } })).toEqual(
          denied([`spec.securityContext.${field}`, message]),
        );
      }
      expect(
        one(minimalPod(), { [field]: { rule: 'MayRunAs', ranges } }, ANY_SECCOMP, 'update'),
      ).toEqual(allowedAs('p'));
      expect(
        one(minimalPod(), { [field]: { rule: 'MustRunAs', ranges } }, ANY_SECCOMP, 'update'),
      ).toEqual(DENIED_SILENTLY);
      expect(
        one(
          minimalPod({ securityContext: field === 'fsGroup' ? {} : { supplementalGroups: [] } }),
          { [field]: { rule: 'MustRunAs', ranges } },
        ),
      ).toEqual(allowedAs('p', true));
    },
  );

  it.each([
    {
      name: 'runAsUser MustRunAs without ranges',
      spec: { runAsUser: { rule: 'MustRunAs' as const } },
    },
    {
      name: 'seLinux MustRunAs without options',
      spec: { seLinux: { rule: 'MustRunAs' as const } },
    },
    { name: 'fsGroup MayRunAs without ranges', spec: { fsGroup: { rule: 'MayRunAs' as const } } },
    {
      name: 'supplementalGroups MustRunAs without ranges',
      spec: { supplementalGroups: { rule: 'MustRunAs' as const, ranges: [] } },
    },
    {
      name: 'runAsGroup MayRunAs without ranges',
      spec: { runAsGroup: { rule: 'MayRunAs' as const } },
    },
  ])('$name: the policy is ignored silently', ({ spec }) => {
    const pod = minimalPod({
      containers: [container('app', { securityContext: { privileged: true } })],
    });
    const { verdict, trace } = evaluatePspWithTrace(
      pod,
      policySet([policy('a', { ...spec, privileged: false })]),
      {},
    );
    expect(verdict).toEqual(DENIED_SILENTLY);
    expect(trace.ignored.map((i) => i.name)).toEqual(['a']);
  });
});

describe('§6.9 — seLinux', () => {
  const spec = {
    seLinux: { rule: 'MustRunAs' as const, seLinuxOptions: { level: 's0:c1,c2', type: 'spc_t' } },
  };
  it('level categories compare as sets; a bad pod value is reported at the pod and on each inheriting container', () => {
    expect(
      one(
        minimalPod({ securityContext: { seLinuxOptions: { level: 's0:c2,c1', type: 'spc_t' } } }),
        spec,
        ANY_SECCOMP,
        'update',
      ),
    ).toEqual(allowedAs('p'));
    const pod = minimalPod({
      securityContext: { seLinuxOptions: { level: 's0:c1,c2', type: 'other_t' } },
      containers: [
        container('a'),
        container('b', {
          securityContext: { seLinuxOptions: { level: 's0:c1,c2', type: 'spc_t' } },
        }),
      ],
    });
    expect(one(pod, spec).reasons.map((r) => r.field)).toEqual([
      'spec.securityContext.seLinuxOptions.type',
      'spec.containers[0].securityContext.seLinuxOptions.type',
    ]);
  });
});

describe('§6.1–§6.3, §6.12, §6.14–§6.17, §10.9 — paths of the remaining checks', () => {
  it.each([
    {
      name: 'privileged ephemeral container',
      pod: withContainers({
        ephemeral: [container('debug', { securityContext: { privileged: true } })],
      }),
      spec: { privileged: false },
      field: 'spec.ephemeralContainers[0].securityContext.privileged',
      message: 'Privileged containers are not allowed (ephemeral container "debug")',
    },
    {
      name: 'hostNetwork',
      pod: minimalPod({ hostNetwork: true }),
      spec: { hostNetwork: false },
      field: 'spec.securityContext.hostNetwork',
      message: 'Host network is not allowed to be used',
    },
    {
      name: 'hostPID',
      pod: minimalPod({ hostPID: true }),
      spec: { hostPID: false },
      field: 'spec.securityContext.hostPID',
      message: 'Host PID is not allowed to be used',
    },
    {
      name: 'hostIPC',
      pod: minimalPod({ hostIPC: true }),
      spec: { hostIPC: false },
      field: 'spec.securityContext.hostIPC',
      message: 'Host IPC is not allowed to be used',
    },
    {
      name: 'hostPort outside the ranges (inclusive ends)',
      pod: withContainers({
        init: [container('setup', { ports: [{ containerPort: 80, hostPort: 8081 }] })],
        app: [container('app', { ports: [{ containerPort: 80, hostPort: 8080 }] })],
      }),
      spec: { hostPorts: [{ min: 8000, max: 8080 }] },
      field: 'spec.initContainers[0].hostPort',
      message:
        'Host port 8081 is not allowed to be used. Allowed ports: [8000-8080] (init container "setup")',
    },
    {
      name: 'procMount Unmasked with no allowed types',
      pod: minimalPod({
        containers: [container('app', { securityContext: { procMount: 'Unmasked' } })],
      }),
      spec: { allowedProcMountTypes: [] },
      field: 'spec.containers[0].securityContext.procMount',
      message: 'ProcMountType "Unmasked" is not allowed; allowed: Default (container "app")',
    },
    {
      name: 'procMount unset (Default) when only Unmasked is listed',
      pod: minimalPod(),
      spec: { allowedProcMountTypes: ['Unmasked'] },
      field: 'spec.containers[0].securityContext.procMount',
      message: 'ProcMountType "Default" is not allowed; allowed: Unmasked (container "app")',
    },
    {
      name: 'a forbidden sysctl beats the safe list',
      pod: minimalPod({
        securityContext: {
          sysctls: [
            { name: 'net.ipv4.tcp_syncookies', value: '1' },
            { name: 'kernel.shm_rmid_forced', value: '1' },
          ],
        },
      }),
      spec: { forbiddenSysctls: ['kernel.*'], allowedUnsafeSysctls: [] },
      field: 'spec.securityContext.sysctls[1]',
      message: 'sysctl "kernel.shm_rmid_forced" is not allowed',
    },
    {
      name: 'an unsafe sysctl not matching allowedUnsafeSysctls',
      pod: minimalPod({
        securityContext: {
          sysctls: [
            { name: 'net.core.somaxconn', value: '1' },
            { name: 'kernel.msgmax', value: '1' },
          ],
        },
      }),
      spec: { allowedUnsafeSysctls: ['net.core.*'] },
      field: 'spec.securityContext.sysctls[1]',
      message: 'unsafe sysctl "kernel.msgmax" is not allowed',
    },
    {
      name: 'readOnlyRootFilesystem explicitly false',
      pod: minimalPod({
        containers: [container('app', { securityContext: { readOnlyRootFilesystem: false } })],
      }),
      spec: { readOnlyRootFilesystem: true },
      field: 'spec.containers[0].securityContext.readOnlyRootFilesystem',
      message: 'ReadOnlyRootFilesystem must be set to true (container "app")',
    },
    {
      name: 'allowPrivilegeEscalation explicitly true',
      pod: minimalPod({
        containers: [container('app', { securityContext: { allowPrivilegeEscalation: true } })],
      }),
      spec: { allowPrivilegeEscalation: false },
      field: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
      message: 'Allowing privilege escalation for containers is not allowed (container "app")',
    },
    {
      name: 'a runtime class with an empty allowed list',
      pod: minimalPod({ runtimeClassName: 'gvisor' }),
      spec: { runtimeClass: { allowedRuntimeClassNames: [] } },
      field: 'spec.runtimeClassName',
      message: 'runtime class "gvisor" is not allowed; allowed: none',
    },
  ] as {
    name: string;
    pod: Pod;
    spec: Partial<PodSecurityPolicySpec>;
    field: string;
    message: string;
  }[])('$name → $field', ({ pod, spec, field, message }) => {
    expect(one(pod, spec)).toEqual(denied([field, message]));
  });

  it('a host-network pod gets hostPort = containerPort by API defaulting', () => {
    const pod = minimalPod({
      hostNetwork: true,
      containers: [container('app', { ports: [{ containerPort: 9100 }] })],
    });
    expect(one(pod, { hostPorts: [] })).toEqual(
      denied([
        'spec.containers[0].hostPort',
        'Host port 9100 is not allowed to be used. Allowed ports: [] (container "app")',
      ]),
    );
    expect(one(minimalPod({ hostNetwork: true }), { hostNetwork: true, hostPorts: [] })).toEqual(
      allowedAs('p'),
    );
  });

  it('defaultAllowPrivilegeEscalation is only a default, never a limit; a safe sysctl needs no allowance', () => {
    const pod = minimalPod({
      containers: [container('app', { securityContext: { allowPrivilegeEscalation: true } })],
      securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
    });
    expect(
      one(
        pod,
        { defaultAllowPrivilegeEscalation: false, allowedUnsafeSysctls: [] },
        ANY_SECCOMP,
        'update',
      ),
    ).toEqual(allowedAs('p'));
  });

  it('runtime class: unset is fine, * admits any name', () => {
    expect(
      one(minimalPod(), { runtimeClass: { allowedRuntimeClassNames: [] } }, ANY_SECCOMP, 'update'),
    ).toEqual(allowedAs('p'));
    expect(
      one(
        minimalPod({ runtimeClassName: 'kata' }),
        { runtimeClass: { allowedRuntimeClassNames: ['*'] } },
        ANY_SECCOMP,
        'update',
      ),
    ).toEqual(allowedAs('p'));
  });
});

describe('second pass: inheritance corners and RBAC lookups', () => {
  const SECCOMP_POD_PATH = `metadata.annotations[${SECCOMP_POD}]`;
  it('seccomp: a pod annotation wins over the pod field at the pod, the field wins for containers', () => {
    const pod = minimalPod(
      { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      { annotations: { [SECCOMP_POD]: 'unconfined' } },
    );
    expect(one(pod, {}, { [SECCOMP_ALLOWED]: 'runtime/default' }, 'update')).toEqual(
      denied([
        SECCOMP_POD_PATH,
        '"unconfined" is not an allowed seccomp profile; allowed profiles: runtime/default',
      ]),
    );
  });

  it('seccomp: an empty pod annotation is filled from the pod field (a mutation), not rejected', () => {
    const pod = minimalPod(
      { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      { annotations: { [SECCOMP_POD]: '' } },
    );
    expect(one(pod, {}, { [SECCOMP_ALLOWED]: 'docker/default' })).toEqual(allowedAs('p', true));
    expect(one(pod, {}, { [SECCOMP_ALLOWED]: 'docker/default' }, 'update')).toEqual(
      DENIED_SILENTLY,
    );
  });

  it('AppArmor: an existing profile is kept, not replaced by the default (no mutation)', () => {
    const pod = minimalPod({}, { annotations: { [`${APPARMOR_CONTAINER}app`]: 'localhost/x' } });
    const ann = {
      ...ANY_SECCOMP,
      [APPARMOR_ALLOWED]: 'runtime/default,localhost/x',
      [APPARMOR_DEFAULT]: 'runtime/default',
    };
    expect(one(pod, {}, ann, 'update')).toEqual(allowedAs('p'));
  });

  const roleRef = (kind: string, name: string) => ({
    apiGroup: 'rbac.authorization.k8s.io',
    kind,
    name,
  });
  const rules = [{ apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'] }];
  const pod = minimalPod(
    {
      serviceAccountName: 'web',
      containers: [container('app', { securityContext: { privileged: true } })],
    },
    { name: 'p', namespace: 'shop' },
  );

  it('a User subject naming the service account username matches the pod service account', () => {
    const rbac: RbacObjects = {
      clusterRoles: [{ metadata: { name: 'r' }, rules }],
      clusterRoleBindings: [
        {
          metadata: { name: 'b' },
          roleRef: roleRef('ClusterRole', 'r'),
          subjects: [{ kind: 'User', name: 'system:serviceaccount:shop:web' }],
        },
      ],
      roles: [],
      roleBindings: [],
    };
    expect(evaluatePsp(pod, policySet([policy('open')], rbac), {})).toEqual(allowedAs('open'));
  });

  it('a RoleBinding to a Role reads the Role of its own namespace only', () => {
    const rbac = (roleNamespace: string): RbacObjects => ({
      clusterRoles: [],
      clusterRoleBindings: [],
      roles: [{ metadata: { name: 'r', namespace: roleNamespace }, rules }],
      roleBindings: [
        {
          metadata: { name: 'b', namespace: 'shop' },
          roleRef: roleRef('Role', 'r'),
          subjects: [{ kind: 'Group', name: 'system:serviceaccounts:shop' }],
        },
      ],
    });
    expect(evaluatePsp(pod, policySet([policy('open')], rbac('shop')), {})).toEqual(
      allowedAs('open'),
    );
    expect(evaluatePsp(pod, policySet([policy('open')], rbac('other')), {})).toEqual(
      DENIED_SILENTLY,
    );
  });

  it('host port ranges include both ends', () => {
    const ports = [
      { containerPort: 1, hostPort: 8000 },
      { containerPort: 2, hostPort: 8080 },
    ];
    const withPorts = minimalPod({ containers: [container('app', { ports })] });
    expect(
      one(withPorts, { hostPorts: [{ min: 8000, max: 8080 }] }, ANY_SECCOMP, 'update'),
    ).toEqual(allowedAs('p'));
  });
});

describe('§4 — a mirror pod has no service account identity', () => {
  const rbac: RbacObjects = {
    clusterRoles: [
      {
        metadata: { name: 'r' },
        rules: [{ apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'] }],
      },
    ],
    clusterRoleBindings: [
      {
        metadata: { name: 'b' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' },
        subjects: [{ kind: 'Group', name: 'system:serviceaccounts' }],
      },
    ],
    roles: [],
    roleBindings: [],
  };
  const node = { user: 'system:node:ip-10-0-0-1', groups: ['system:nodes'] };

  it('without serviceAccountName, a mirror pod is authorized through the requester only', () => {
    const mirror = minimalPod(
      {},
      {
        name: 'kube-proxy-n1',
        namespace: 'kube-system',
        annotations: { 'kubernetes.io/config.mirror': 'abc' },
      },
    );
    const { verdict, trace } = evaluatePspWithTrace(
      mirror,
      policySet([policy('open')], rbac),
      node,
    );
    expect(verdict).toEqual(DENIED_SILENTLY);
    expect(trace.serviceAccount).toBe('');
  });

  it('an ordinary pod without serviceAccountName gets default, as the ServiceAccount plugin sets it', () => {
    const pod = minimalPod({}, { name: 'p', namespace: 'kube-system' });
    expect(evaluatePsp(pod, policySet([policy('open')], rbac), node)).toEqual(allowedAs('open'));
  });
});

describe('§9 — the EKS default policy next to a restrictive one (lib/psp/samples)', () => {
  const samples = join(import.meta.dirname, 'samples');
  const load = async () => {
    const { policySet: set } = buildPolicySet(await loadManifestPaths([samples]));
    const { pods } = buildPolicySet(await loadManifestPaths([join(samples, 'pods', 'web.yaml')]));
    return { set, web: pods[0]?.pod as Pod };
  };
  const controller = {
    user: 'system:serviceaccount:kube-system:replicaset-controller',
    groups: [
      'system:serviceaccounts',
      'system:serviceaccounts:kube-system',
      'system:authenticated',
    ],
  };

  it('an authenticated requester gets eks.privileged, which changes nothing, over eks.restrictive', async () => {
    const { set, web } = await load();
    expect(evaluatePsp(web, set, { ...controller, operation: 'create' })).toEqual(
      allowedAs('eks.privileged'),
    );
  });

  it('a requester without system:authenticated falls back to eks.restrictive through the service account, mutated', async () => {
    const { set, web } = await load();
    expect(evaluatePsp(web, set, { user: 'ci-bot', groups: [], operation: 'create' })).toEqual(
      allowedAs('eks.restrictive', true),
    );
  });

  it('on update the hinted eks.restrictive would default supplementalGroups: skipped, eks.privileged admits', async () => {
    const { set, web } = await load();
    const stored: Pod = {
      ...web,
      metadata: { ...web.metadata, annotations: { 'kubernetes.io/psp': 'eks.restrictive' } },
    };
    expect(evaluatePsp(stored, set, { ...controller, operation: 'update' })).toEqual(
      allowedAs('eks.privileged'),
    );
    expect(evaluatePsp(stored, set, { user: 'ci-bot', groups: [], operation: 'update' })).toEqual(
      DENIED_SILENTLY,
    );
  });
});

describe('§2.1, §6.12, §6.14 — remaining corners', () => {
  const sysctlPod = (...names: string[]) =>
    minimalPod({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } });

  it('forbiddenSysctls * rejects even the safe sysctls', () => {
    expect(
      one(sysctlPod('net.ipv4.tcp_syncookies'), {
        forbiddenSysctls: ['*'],
        allowedUnsafeSysctls: [],
      }),
    ).toEqual(
      denied([
        'spec.securityContext.sysctls[0]',
        'sysctl "net.ipv4.tcp_syncookies" is not allowed',
      ]),
    );
  });

  it('allowedUnsafeSysctls * admits any unsafe sysctl; an exact entry admits only itself', () => {
    expect(
      one(sysctlPod('kernel.msgmax', 'net.core.somaxconn'), { allowedUnsafeSysctls: ['*'] }),
    ).toEqual(allowedAs('p'));
    expect(
      one(sysctlPod('kernel.msgmax', 'kernel.msgmnb'), { allowedUnsafeSysctls: ['kernel.msgmax'] }),
    ).toEqual(
      denied(['spec.securityContext.sysctls[1]', 'unsafe sysctl "kernel.msgmnb" is not allowed']),
    );
  });

  it('a volume type the API would reject (none) matches nothing', () => {
    expect(
      one(minimalPod({ volumes: [{ name: 'v', emptyDir: {} }] }), { volumes: ['none'] }),
    ).toEqual(
      denied(['spec.volumes[0]', 'emptyDir volumes are not allowed to be used (volume "v")']),
    );
  });

  it('allowedProcMountTypes listing Default and Unmasked admits both', () => {
    const pod = minimalPod({
      containers: [container('a'), container('b', { securityContext: { procMount: 'Unmasked' } })],
    });
    expect(one(pod, { allowedProcMountTypes: ['Default', 'Unmasked'] })).toEqual(allowedAs('p'));
  });

  it('an absent allowPrivilegeEscalation means true: an explicit true is admitted unchanged', () => {
    const pod = minimalPod({
      containers: [container('app', { securityContext: { allowPrivilegeEscalation: true } })],
    });
    expect(one(pod, {}, ANY_SECCOMP, 'update')).toEqual(allowedAs('p'));
  });
});

describe('§2.2 — seLinuxOptions inherit as a whole object', () => {
  it('a container object with only a type does not take the pod level', () => {
    const pod = minimalPod({
      securityContext: { seLinuxOptions: { level: 's0:c1', type: 'spc_t' } },
      containers: [container('app', { securityContext: { seLinuxOptions: { type: 'spc_t' } } })],
    });
    const spec = {
      seLinux: { rule: 'MustRunAs' as const, seLinuxOptions: { level: 's0:c1', type: 'spc_t' } },
    };
    expect(one(pod, spec)).toEqual(
      denied([
        'spec.containers[0].securityContext.seLinuxOptions.level',
        'seLinuxOptions.level "" must be "s0:c1" (container "app")',
      ]),
    );
  });
});
