/**
 * Compiles a PodSecurityPolicy once per policy set: each check's `prepare` turns its fields into
 * ready-to-use settings, and checks that the policy leaves unrestricted drop out. A policy whose
 * strategies Kubernetes cannot build is returned as ignored (psp-semantics.md §2.1).
 */
import { type CheckOutput, type PodView, PolicyStrategyError, type PspCheck } from './check.ts';
import { PSP_CHECKS } from './registry.ts';
import type { PodSecurityPolicy } from './types.ts';

interface Step {
  check: PspCheck;
  config: unknown;
}

export interface CompiledPolicy {
  name: string;
  policy: PodSecurityPolicy;
  steps: readonly Step[];
}

export interface IgnoredPolicy {
  name: string;
  reason: string;
}

export function compilePolicy(
  policy: PodSecurityPolicy,
  checks: readonly PspCheck[] = PSP_CHECKS,
): CompiledPolicy | IgnoredPolicy {
  const name = policy.metadata.name;
  const annotations = policy.metadata.annotations ?? {};
  const steps: Step[] = [];
  try {
    for (const check of checks) {
      const config = check.prepare(policy.spec, annotations);
      if (config !== null) steps.push({ check, config });
    }
  } catch (error) {
    if (error instanceof PolicyStrategyError) return { name, reason: error.message };
    throw error;
  }
  return { name, policy, steps };
}

export function isCompiled(policy: CompiledPolicy | IgnoredPolicy): policy is CompiledPolicy {
  return 'steps' in policy;
}

/** Runs every step of one policy on one pod. */
export function evaluateCompiledPolicy(policy: CompiledPolicy, pod: PodView): CheckOutput {
  const out: CheckOutput = { mutated: false, violations: [] };
  for (const step of policy.steps) step.check.evaluate(pod, step.config, out);
  return out;
}
