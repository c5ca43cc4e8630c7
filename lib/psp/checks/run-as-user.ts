/**
 * PSP field `runAsUser` (psp-semantics.md §5, §6.8), on each container's effective value
 * (container value, else pod value), reported on each container — never at the pod path.
 * - MustRunAs: an unset UID is defaulted to `ranges[0].min` (a mutation); a set UID must lie in
 *   some range → `<sc>.runAsUser`. Without ranges Kubernetes cannot build the strategy and
 *   ignores the policy.
 * - MustRunAsNonRoot: runAsNonRoot and runAsUser both unset → defaulted `runAsNonRoot: true`
 *   (a mutation; the image USER is left to the kubelet). Then, in order: runAsNonRoot false →
 *   `<sc>.runAsNonRoot` (even with a non-zero UID); runAsUser 0 → `<sc>.runAsUser`.
 * - RunAsAny: anything, including 0.
 */
import { defineCheck, PolicyStrategyError } from '../check.ts';
import { formatRanges, inContainer, inRanges } from '../format.ts';
import type { IdRange } from '../types.ts';

type RunAsUserConfig =
  | { rule: 'MustRunAs'; ranges: readonly IdRange[] }
  | { rule: 'MustRunAsNonRoot' };

export const runAsUser = defineCheck<RunAsUserConfig>({
  id: 'runAsUser',
  fields: ['runAsUser'],
  prepare(spec) {
    const { rule, ranges } = spec.runAsUser;
    if (rule === 'MustRunAs') {
      if (!ranges || ranges.length === 0) {
        throw new PolicyStrategyError('runAsUser: MustRunAs needs at least one range');
      }
      return { rule, ranges };
    }
    return rule === 'MustRunAsNonRoot' ? { rule } : null;
  },
  evaluate(pod, config, out) {
    for (const c of pod.containers) {
      const uid = c.sc.runAsUser ?? pod.podSc.runAsUser;
      const path = `${c.path}.securityContext`;
      if (config.rule === 'MustRunAs') {
        if (uid == null) out.mutated = true;
        else if (!inRanges(uid, config.ranges)) {
          out.violations.push({
            field: `${path}.runAsUser`,
            message: `runAsUser ${uid} must be in the ranges: ${formatRanges(config.ranges)}${inContainer(c)}`,
          });
        }
        continue;
      }
      const nonRoot = c.sc.runAsNonRoot ?? pod.podSc.runAsNonRoot;
      if (nonRoot == null && uid == null) out.mutated = true;
      else if (nonRoot === false) {
        out.violations.push({
          field: `${path}.runAsNonRoot`,
          message: `runAsNonRoot is false but must be true${inContainer(c)}`,
        });
      } else if (uid === 0) {
        out.violations.push({
          field: `${path}.runAsUser`,
          message: `running with the root UID (runAsUser 0) is forbidden${inContainer(c)}`,
        });
      }
    }
  },
});
