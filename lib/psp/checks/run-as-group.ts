/**
 * PSP field `runAsGroup` (psp-semantics.md §5, §6.8), on each container's effective value
 * (container value, else pod value). MustRunAs: an unset GID is defaulted to `ranges[0].min`
 * (a mutation), a set one must lie in some range; MayRunAs: in range if set; RunAsAny or absent:
 * anything. Reported at `<container>.securityContext` itself: upstream passes the container
 * securityContext path without a `runAsGroup` child.
 */
import { defineCheck } from '../check.ts';
import { formatRanges, inContainer, inRanges } from '../format.ts';
import { type GroupStrategy, prepareGroupStrategy } from './id-ranges.ts';

export const runAsGroup = defineCheck<GroupStrategy>({
  id: 'runAsGroup',
  fields: ['runAsGroup'],
  prepare: (spec) => prepareGroupStrategy('runAsGroup', spec),
  evaluate(pod, strategy, out) {
    for (const c of pod.containers) {
      const gid = c.sc.runAsGroup ?? pod.podSc.runAsGroup;
      if (gid == null) {
        if (strategy.required) out.mutated = true;
      } else if (!inRanges(gid, strategy.ranges)) {
        out.violations.push({
          field: `${c.path}.securityContext`,
          message: `runAsGroup ${gid} must be in the ranges: ${formatRanges(strategy.ranges)}${inContainer(c)}`,
        });
      }
    }
  },
});
