/**
 * PSP field `seLinux` (psp-semantics.md §5, §6.9). MustRunAs: an unset pod
 * `securityContext.seLinuxOptions` is defaulted to the policy's options (a mutation; containers
 * then inherit them). The options must then have `role`, `type`, `user` equal to the policy's
 * (absent reads as the empty string, which counts as a value) and `level` equal or with the same
 * sensitivity and the same set of categories (`s0:c2,c1` = `s0:c1,c2`). Checked once for the pod
 * → `spec.securityContext.seLinuxOptions.<level|role|type|user>` and once per container on the
 * effective options → `<sc>.seLinuxOptions.<…>`, so a bad pod value is reported at the pod path
 * and again for every container that inherits it. MustRunAs without seLinuxOptions cannot be
 * built (the policy is ignored). RunAsAny: anything.
 */
import type { SELinuxOptions } from 'kubernetes-types/core/v1.d.ts';
import {
  type CheckOutput,
  type ContainerView,
  defineCheck,
  PolicyStrategyError,
} from '../check.ts';
import { inContainer, quote } from '../format.ts';

interface Expected {
  user: string;
  role: string;
  type: string;
  level: string;
}

function sortedCategories(categories: string): string {
  return categories.split(',').sort().join(',');
}

/** Upstream `equalLevels`: same string, or same sensitivity and same category set. */
export function equalLevels(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const e = expected.indexOf(':');
  const a = actual.indexOf(':');
  if (e < 0 || a < 0) return false;
  return (
    expected.slice(0, e) === actual.slice(0, a) &&
    sortedCategories(expected.slice(e + 1)) === sortedCategories(actual.slice(a + 1))
  );
}

function validate(
  path: string,
  options: SELinuxOptions,
  expected: Expected,
  container: ContainerView | undefined,
  out: CheckOutput,
): void {
  const deny = (key: keyof Expected, actual: string) =>
    out.violations.push({
      field: `${path}.${key}`,
      message: `seLinuxOptions.${key} ${quote(actual)} must be ${quote(expected[key])}${container ? inContainer(container) : ''}`,
    });
  const level = options.level ?? '';
  if (!equalLevels(expected.level, level)) deny('level', level);
  if ((options.role ?? '') !== expected.role) deny('role', options.role ?? '');
  if ((options.type ?? '') !== expected.type) deny('type', options.type ?? '');
  if ((options.user ?? '') !== expected.user) deny('user', options.user ?? '');
}

export const seLinux = defineCheck<Expected>({
  id: 'seLinux',
  fields: ['seLinux'],
  prepare(spec) {
    if (spec.seLinux.rule !== 'MustRunAs') return null;
    const options = spec.seLinux.seLinuxOptions;
    if (!options) throw new PolicyStrategyError('seLinux: MustRunAs needs seLinuxOptions');
    return {
      user: options.user ?? '',
      role: options.role ?? '',
      type: options.type ?? '',
      level: options.level ?? '',
    };
  },
  evaluate(pod, expected, out) {
    const podOptions = pod.podSc.seLinuxOptions ?? undefined;
    if (podOptions)
      validate('spec.securityContext.seLinuxOptions', podOptions, expected, undefined, out);
    else out.mutated = true;
    for (const c of pod.containers) {
      // A container without options inherits the pod's: the defaulted ones (valid) or the pod's
      // own, reported again at the container path.
      const options = c.sc.seLinuxOptions ?? podOptions;
      if (!options) continue;
      validate(`${c.path}.securityContext.seLinuxOptions`, options, expected, c, out);
    }
  },
});
