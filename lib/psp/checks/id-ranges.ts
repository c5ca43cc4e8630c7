/**
 * Shared by the group checks (runAsGroup, fsGroup, supplementalGroups): the MustRunAs / MayRunAs
 * / RunAsAny group strategy of Kubernetes. MustRunAs and MayRunAs without ranges cannot be
 * built; the policy is then ignored (psp-semantics.md §2.1).
 */
import { PolicyStrategyError } from '../check.ts';
import type { IdRange, PodSecurityPolicySpec } from '../types.ts';

export interface GroupStrategy {
  /** MustRunAs: an unset value is defaulted to `ranges[0].min`; MayRunAs: never defaults. */
  required: boolean;
  ranges: readonly IdRange[];
}

export function prepareGroupStrategy(
  field: 'runAsGroup' | 'fsGroup' | 'supplementalGroups',
  spec: PodSecurityPolicySpec,
): GroupStrategy | null {
  const strategy = spec[field];
  if (!strategy || strategy.rule === 'RunAsAny') return null;
  if (!strategy.ranges || strategy.ranges.length === 0) {
    throw new PolicyStrategyError(`${field}: ${strategy.rule} needs at least one range`);
  }
  return { required: strategy.rule === 'MustRunAs', ranges: strategy.ranges };
}
