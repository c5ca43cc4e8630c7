/**
 * Builders for PSP tests (not used by the product): a minimal valid pod, a policy that allows
 * everything unless told otherwise, and a way to run one check the way compile + evaluate do.
 */
import type { Container, Pod, PodSpec } from '../k8s.ts';
import type { PolicySet } from '../policy-set.ts';
import { type CheckOutput, PolicyStrategyError, type PspCheck } from './check.ts';
import { buildPodView } from './pod-view.ts';
import type { PodSecurityPolicy, PodSecurityPolicySpec } from './types.ts';

export function container(name = 'app', patch: Partial<Container> = {}): Container {
  return { name, image: `registry.example/${name}:1.0`, ...patch };
}

/** `default/app` with one container `app`; `spec` fields given replace the defaults. */
export function minimalPod(spec: Partial<PodSpec> = {}, metadata: Pod['metadata'] = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'app', namespace: 'default', ...metadata },
    spec: { containers: [container()], ...spec },
  };
}

/** A pod whose one container `app` has this securityContext. */
export function podWithSecurityContext(
  sc: Container['securityContext'],
  spec: Partial<PodSpec> = {},
): Pod {
  return minimalPod({ containers: [container('app', { securityContext: sc })], ...spec });
}

export const PERMISSIVE_SPEC: PodSecurityPolicySpec = {
  privileged: true,
  hostNetwork: true,
  hostPID: true,
  hostIPC: true,
  hostPorts: [{ min: 0, max: 65535 }],
  volumes: ['*'],
  allowedCapabilities: ['*'],
  allowedProcMountTypes: ['Default', 'Unmasked'],
  allowedUnsafeSysctls: ['*'],
  runAsUser: { rule: 'RunAsAny' },
  seLinux: { rule: 'RunAsAny' },
  supplementalGroups: { rule: 'RunAsAny' },
  fsGroup: { rule: 'RunAsAny' },
};

/** A policy allowing everything, with `spec` fields replacing the permissive ones. */
export function policy(
  name: string,
  spec: Partial<PodSecurityPolicySpec> = {},
  annotations: Record<string, string> = {
    'seccomp.security.alpha.kubernetes.io/allowedProfileNames': '*',
  },
): PodSecurityPolicy {
  return {
    apiVersion: 'policy/v1beta1',
    kind: 'PodSecurityPolicy',
    metadata: { name, annotations },
    spec: { ...PERMISSIVE_SPEC, ...spec },
  };
}

export function policySet(
  policies: PodSecurityPolicy[],
  rbac: PolicySet['rbac'] = null,
): PolicySet {
  return { policies, rbac, version: null };
}

/**
 * Runs one check against a pod: 'skipped' when the policy leaves the field unrestricted,
 * 'ignored' when Kubernetes could not instantiate the policy, else what the check found.
 */
export function runCheck(
  check: PspCheck,
  spec: Partial<PodSecurityPolicySpec>,
  pod: Pod,
  annotations: Record<string, string> = {},
): CheckOutput | 'skipped' | 'ignored' {
  let config: unknown;
  try {
    config = check.prepare({ ...PERMISSIVE_SPEC, ...spec }, annotations);
  } catch (error) {
    if (error instanceof PolicyStrategyError) return 'ignored';
    throw error;
  }
  if (config === null) return 'skipped';
  const out: CheckOutput = { mutated: false, violations: [] };
  check.evaluate(buildPodView(pod), config, out);
  return out;
}
