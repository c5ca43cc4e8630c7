/**
 * PSP field `supplementalGroups` (psp-semantics.md §5, §6.8), pod level. MustRunAs: an unset
 * or empty list is defaulted to `[ranges[0].min]` (a mutation; audit JSON omits empty lists, so
 * an empty list counts as unset), and every value must lie in some range; MayRunAs: every value
 * present in range; RunAsAny: anything. Reported at `spec.securityContext.supplementalGroups`,
 * once per value out of range.
 */
import { defineCheck } from '../check.ts';
import { formatRanges, inRanges } from '../format.ts';
import { type GroupStrategy, prepareGroupStrategy } from './id-ranges.ts';

export const supplementalGroups = defineCheck<GroupStrategy>({
  id: 'supplementalGroups',
  fields: ['supplementalGroups'],
  prepare: (spec) => prepareGroupStrategy('supplementalGroups', spec),
  evaluate(pod, strategy, out) {
    const groups = pod.podSc.supplementalGroups ?? [];
    if (groups.length === 0) {
      if (strategy.required) out.mutated = true;
      return;
    }
    for (const group of groups) {
      if (!inRanges(group, strategy.ranges)) {
        out.violations.push({
          field: 'spec.securityContext.supplementalGroups',
          message: `supplemental group ${group} must be in the ranges: ${formatRanges(strategy.ranges)}`,
        });
      }
    }
  },
});
