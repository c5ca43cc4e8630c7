import { describe, expect, it } from 'vitest';
import type { Pod } from '../k8s.ts';
import { evaluatePsp } from '../psp/evaluate-psp.ts';
import { minimalPod, policy, policySet } from '../psp/test-support.ts';
import { evaluatePss, parsePssTarget } from '../pss/evaluate-pss.ts';
import {
  EMULATED_TOKEN_VOLUME_NAME,
  emulateServiceAccountAdmission,
  serviceAccountTokenVolume,
  TOKEN_MOUNT_PATH,
} from './emulate-service-account-admission.ts';

const TOKEN_MOUNT = {
  name: EMULATED_TOKEN_VOLUME_NAME,
  readOnly: true,
  mountPath: TOKEN_MOUNT_PATH,
};

const TOKEN_VOLUME = {
  name: EMULATED_TOKEN_VOLUME_NAME,
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [
            { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
          ],
        },
      },
    ],
  },
};

const meta = { name: 'p', namespace: 'ns' };

interface Case {
  name: string;
  pod: Pod;
  /** The expected result; 'same' when the very input object must come back. */
  expected: Pod | 'same';
}

const cases: Case[] = [
  {
    name: 'no service account, no volumes: default account, token volume, mount',
    pod: { metadata: meta, spec: { containers: [{ name: 'c' }] } },
    expected: {
      metadata: meta,
      spec: {
        serviceAccountName: 'default',
        containers: [{ name: 'c', volumeMounts: [TOKEN_MOUNT] }],
        volumes: [TOKEN_VOLUME],
      },
    },
  },
  {
    name: 'a named account is kept; the volume goes after the existing ones',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'builder',
        containers: [{ name: 'c', volumeMounts: [{ name: 'cache', mountPath: '/cache' }] }],
        volumes: [{ name: 'cache', emptyDir: {} }],
      },
    },
    expected: {
      metadata: meta,
      spec: {
        serviceAccountName: 'builder',
        containers: [
          { name: 'c', volumeMounts: [{ name: 'cache', mountPath: '/cache' }, TOKEN_MOUNT] },
        ],
        volumes: [{ name: 'cache', emptyDir: {} }, TOKEN_VOLUME],
      },
    },
  },
  {
    name: 'the deprecated serviceAccount names the account when serviceAccountName is empty',
    pod: {
      metadata: meta,
      spec: {
        serviceAccount: 'legacy',
        automountServiceAccountToken: false,
        containers: [{ name: 'c' }],
      },
    },
    expected: {
      metadata: meta,
      spec: {
        serviceAccount: 'legacy',
        serviceAccountName: 'legacy',
        automountServiceAccountToken: false,
        containers: [{ name: 'c' }],
      },
    },
  },
  {
    name: 'automountServiceAccountToken false: only the account is defaulted',
    pod: {
      metadata: meta,
      spec: { automountServiceAccountToken: false, containers: [{ name: 'c' }] },
    },
    expected: {
      metadata: meta,
      spec: {
        serviceAccountName: 'default',
        automountServiceAccountToken: false,
        containers: [{ name: 'c' }],
      },
    },
  },
  {
    name: 'automountServiceAccountToken false and an account named: untouched',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        automountServiceAccountToken: false,
        containers: [{ name: 'c' }],
      },
    },
    expected: 'same',
  },
  {
    name: 'automountServiceAccountToken true behaves like unset',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        automountServiceAccountToken: true,
        containers: [{ name: 'c' }],
      },
    },
    expected: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        automountServiceAccountToken: true,
        containers: [{ name: 'c', volumeMounts: [TOKEN_MOUNT] }],
        volumes: [TOKEN_VOLUME],
      },
    },
  },
  {
    name: 'a container already mounting the token path is skipped; the others get the mount',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        containers: [
          { name: 'own', volumeMounts: [{ name: 'mine', mountPath: TOKEN_MOUNT_PATH }] },
          { name: 'plain' },
        ],
        volumes: [{ name: 'mine', secret: { secretName: 's' } }],
      },
    },
    expected: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        containers: [
          { name: 'own', volumeMounts: [{ name: 'mine', mountPath: TOKEN_MOUNT_PATH }] },
          { name: 'plain', volumeMounts: [TOKEN_MOUNT] },
        ],
        volumes: [{ name: 'mine', secret: { secretName: 's' } }, TOKEN_VOLUME],
      },
    },
  },
  {
    name: 'every container already mounting the token path: no volume is added',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        containers: [
          { name: 'own', volumeMounts: [{ name: 'mine', mountPath: TOKEN_MOUNT_PATH }] },
        ],
        volumes: [{ name: 'mine', secret: { secretName: 's' } }],
      },
    },
    expected: 'same',
  },
  {
    name: 'only the exact mount path counts (a trailing slash is another path)',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        containers: [
          { name: 'c', volumeMounts: [{ name: 'm', mountPath: `${TOKEN_MOUNT_PATH}/` }] },
        ],
        volumes: [{ name: 'm', emptyDir: {} }],
      },
    },
    expected: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        containers: [
          {
            name: 'c',
            volumeMounts: [{ name: 'm', mountPath: `${TOKEN_MOUNT_PATH}/` }, TOKEN_MOUNT],
          },
        ],
        volumes: [{ name: 'm', emptyDir: {} }, TOKEN_VOLUME],
      },
    },
  },
  {
    name: 'init containers get the mount too',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        initContainers: [{ name: 'i' }],
        containers: [{ name: 'c' }],
      },
    },
    expected: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        initContainers: [{ name: 'i', volumeMounts: [TOKEN_MOUNT] }],
        containers: [{ name: 'c', volumeMounts: [TOKEN_MOUNT] }],
        volumes: [TOKEN_VOLUME],
      },
    },
  },
  {
    name: 'an init container alone needing the mount still adds the volume',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        initContainers: [{ name: 'i' }],
        containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath: TOKEN_MOUNT_PATH }] }],
        volumes: [{ name: 'v', emptyDir: {} }],
      },
    },
    expected: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        initContainers: [{ name: 'i', volumeMounts: [TOKEN_MOUNT] }],
        containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath: TOKEN_MOUNT_PATH }] }],
        volumes: [{ name: 'v', emptyDir: {} }, TOKEN_VOLUME],
      },
    },
  },
  {
    name: 'ephemeral containers are not touched',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        containers: [{ name: 'c' }],
        ephemeralContainers: [{ name: 'debug' }],
      },
    },
    expected: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        containers: [{ name: 'c', volumeMounts: [TOKEN_MOUNT] }],
        ephemeralContainers: [{ name: 'debug' }],
        volumes: [TOKEN_VOLUME],
      },
    },
  },
  {
    name: 'a mirror pod is untouched (no account, no volume)',
    pod: {
      metadata: { ...meta, annotations: { 'kubernetes.io/config.mirror': 'abc' } },
      spec: { containers: [{ name: 'c' }] },
    },
    expected: 'same',
  },
  {
    name: 'a mirror pod with an empty annotation value is still a mirror pod',
    pod: {
      metadata: { ...meta, annotations: { 'kubernetes.io/config.mirror': '' } },
      spec: { containers: [{ name: 'c' }] },
    },
    expected: 'same',
  },
  {
    name: 'a stored pod (kube-api-access volume, every container mounting it) is untouched',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'default',
        initContainers: [
          {
            name: 'i',
            volumeMounts: [
              { name: 'kube-api-access-x7k2q', readOnly: true, mountPath: TOKEN_MOUNT_PATH },
            ],
          },
        ],
        containers: [
          {
            name: 'c',
            volumeMounts: [
              { name: 'kube-api-access-x7k2q', readOnly: true, mountPath: TOKEN_MOUNT_PATH },
            ],
          },
        ],
        volumes: [serviceAccountTokenVolume('kube-api-access-x7k2q')],
      },
    },
    expected: 'same',
  },
  {
    name: 'an existing kube-api-access volume is reused for a container lacking the mount, not added again',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        containers: [{ name: 'c' }],
        volumes: [{ name: 'kube-api-access-abcde', emptyDir: {} }],
      },
    },
    expected: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        containers: [
          {
            name: 'c',
            volumeMounts: [
              { name: 'kube-api-access-abcde', readOnly: true, mountPath: TOKEN_MOUNT_PATH },
            ],
          },
        ],
        volumes: [{ name: 'kube-api-access-abcde', emptyDir: {} }],
      },
    },
  },
  {
    name: 'a volume named kube-api-access without the dash is not the token volume',
    pod: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        containers: [{ name: 'c' }],
        volumes: [{ name: 'kube-api-access', emptyDir: {} }],
      },
    },
    expected: {
      metadata: meta,
      spec: {
        serviceAccountName: 'x',
        containers: [{ name: 'c', volumeMounts: [TOKEN_MOUNT] }],
        volumes: [{ name: 'kube-api-access', emptyDir: {} }, TOKEN_VOLUME],
      },
    },
  },
  {
    name: 'a pod without a spec is returned as it is',
    pod: { metadata: meta },
    expected: 'same',
  },
];

describe('emulateServiceAccountAdmission', () => {
  it.each(cases)('$name', ({ pod, expected }) => {
    const before = structuredClone(pod);
    const result = emulateServiceAccountAdmission(pod);
    expect(pod).toEqual(before); // the input is never modified
    if (expected === 'same') expect(result).toBe(pod);
    else {
      expect(result).not.toBe(pod);
      expect(result).toEqual(expected);
    }
  });

  it('shares nothing mutable between results: each added volume is a fresh object', () => {
    const pod: Pod = { metadata: meta, spec: { containers: [{ name: 'c' }] } };
    const first = emulateServiceAccountAdmission(pod);
    const second = emulateServiceAccountAdmission(pod);
    expect(first.spec?.volumes?.[0]).not.toBe(second.spec?.volumes?.[0]);
    expect(first.spec?.containers[0]?.volumeMounts?.[0]).not.toBe(
      second.spec?.containers[0]?.volumeMounts?.[0],
    );
  });

  it('is idempotent: the emulated pod passes through unchanged', () => {
    const pod: Pod = {
      metadata: meta,
      spec: { initContainers: [{ name: 'i' }], containers: [{ name: 'c' }, { name: 'd' }] },
    };
    const once = emulateServiceAccountAdmission(pod);
    expect(emulateServiceAccountAdmission(once)).toBe(once);
  });
});

describe('the emulated pod under PSP and PSS', () => {
  const written = minimalPod();
  const emulated = emulateServiceAccountAdmission(written);

  it('PSP: a policy listing neither projected nor secret denies the token volume at spec.volumes[0]', () => {
    const set = policySet([policy('only-config', { volumes: ['configMap', 'emptyDir'] })]);
    expect(evaluatePsp(written, set, {}).allowed).toBe(true);
    expect(evaluatePsp(emulated, set, {})).toEqual({
      allowed: false,
      policy: null,
      mutated: false,
      reasons: [
        {
          policy: 'only-config',
          field: 'spec.volumes[0]',
          message: `projected volumes are not allowed to be used (volume "${EMULATED_TOKEN_VOLUME_NAME}")`,
        },
      ],
    });
  });

  it('PSP: listing secret admits the token volume (the §6.4 exception), as does projected', () => {
    for (const volumes of [['secret'], ['projected']]) {
      const set = policySet([policy('p', { volumes })]);
      expect(evaluatePsp(emulated, set, {})).toEqual({
        allowed: true,
        policy: 'p',
        mutated: false,
        reasons: [],
      });
    }
  });

  it('PSS: every level admits the token volume (restrictedVolumes allows projected)', () => {
    for (const level of ['baseline', 'restricted']) {
      const target = parsePssTarget(`${level}@latest`);
      const before = evaluatePss(written, target);
      const after = evaluatePss(emulated, target);
      expect(after).toEqual(before);
      expect(after.reasons.map((r) => r.check)).not.toContain('restrictedVolumes');
    }
  });
});
