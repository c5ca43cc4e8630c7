/**
 * PSP field `fsGroup` (psp-semantics.md §5, §6.8), pod level. MustRunAs: an unset fsGroup is
 * defaulted to `ranges[0].min` (a mutation), a set one must lie in some range; MayRunAs: in
 * range if set; RunAsAny: anything. Reported at `spec.securityContext.fsGroup`.
 */
import { defineCheck } from '../check.ts';
import { formatRanges, inRanges } from '../format.ts';
import { type GroupStrategy, prepareGroupStrategy } from './id-ranges.ts';

export const fsGroup = defineCheck<GroupStrategy>({
  id: 'fsGroup',
  fields: ['fsGroup'],
  prepare: (spec) => prepareGroupStrategy('fsGroup', spec),
  evaluate(pod, strategy, out) {
    const group = pod.podSc.fsGroup;
    if (group == null) {
      if (strategy.required) out.mutated = true;
    } else if (!inRanges(group, strategy.ranges)) {
      out.violations.push({
        field: 'spec.securityContext.fsGroup',
        message: `fsGroup ${group} must be in the ranges: ${formatRanges(strategy.ranges)}`,
      });
    }
  },
});
