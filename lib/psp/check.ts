/**
 * The shape of a PSP check: one per PodSecurityPolicy field (or group of fields that Kubernetes
 * handles as one strategy), in lib/psp/checks/, listed in lib/psp/registry.ts.
 *
 * Kubernetes copies the pod, applies the policy's defaults to the copy, validates the copy and
 * then compares it with the original (psp-semantics.md §3.2). No field's default feeds another
 * field's validation, so each check does both for its own field, without copying: it reports
 * `mutated` when its default would change the pod and validates the values as they would be
 * after defaulting.
 */
import type { Container, Pod, PodSecurityContext, SecurityContext, Volume } from '../k8s.ts';
import type { PodSecurityPolicySpec } from './types.ts';

export type ContainerKind = 'initContainers' | 'containers' | 'ephemeralContainers';

/** One container of any kind, with its path as Kubernetes reports it. */
export interface ContainerView {
  kind: ContainerKind;
  /** `spec.initContainers[0]`, `spec.containers[1]`, `spec.ephemeralContainers[0]`. */
  path: string;
  name: string;
  container: Container;
  /** The container's securityContext, or an empty object. */
  sc: SecurityContext;
}

/** A pod as the checks read it: built once per evaluation, shared by every policy. */
export interface PodView {
  pod: Pod;
  /** metadata.annotations, or an empty object. */
  annotations: Readonly<Record<string, string>>;
  /** spec.securityContext, or an empty object. */
  podSc: PodSecurityContext;
  hostNetwork: boolean;
  hostPID: boolean;
  hostIPC: boolean;
  volumes: readonly Volume[];
  /** initContainers, containers, ephemeralContainers, in that order. */
  containers: readonly ContainerView[];
  runtimeClassName: string | undefined;
}

/** One field error: the path Kubernetes reports (psp-semantics.md §7) and a readable message. */
export interface Violation {
  field: string;
  message: string;
}

/** What the checks of one policy found for one pod. */
export interface CheckOutput {
  /** Some default of the policy would change the pod. */
  mutated: boolean;
  violations: Violation[];
}

export interface PspCheck<Config = unknown> {
  /** The PSP field the check covers (`privileged`, `hostPorts`, …). */
  id: string;
  /** The policy fields it reads, for the registry's documentation and tests. */
  fields: readonly string[];
  /**
   * Compiles this check's part of a policy once per policy set. Returns null when the policy
   * neither restricts nor defaults anything this check looks at (the check is then skipped).
   * Throws PolicyStrategyError when Kubernetes could not build the strategy: the policy is
   * then ignored, as the admission plugin does.
   */
  prepare(
    spec: PodSecurityPolicySpec,
    annotations: Readonly<Record<string, string>>,
  ): Config | null;
  /** Applies this field's defaults (conceptually) and validates the result. */
  evaluate(pod: PodView, config: Config, out: CheckOutput): void;
}

/** A policy whose strategies Kubernetes cannot build; it is silently ignored (§2.1). */
export class PolicyStrategyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyStrategyError';
  }
}

/** Types a check for the registry's list. */
export function defineCheck<Config>(check: PspCheck<Config>): PspCheck<unknown> {
  return check as PspCheck<unknown>;
}
