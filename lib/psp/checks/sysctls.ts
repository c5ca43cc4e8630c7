/**
 * PSP fields `allowedUnsafeSysctls` and `forbiddenSysctls` (psp-semantics.md §6.14), for each
 * `spec.securityContext.sysctls[i]`, in this order: matches a forbidden pattern → rejected; on
 * the 1.24 safe list → allowed; matches an allowed-unsafe pattern → allowed; else rejected.
 * A pattern is an exact name or ends in `*` for a prefix (`*` alone matches everything).
 * Reported at `spec.securityContext.sysctls[i]` (upstream prefixes `pod.`).
 */
import { defineCheck } from '../check.ts';
import { quote } from '../format.ts';

/** Sysctls Kubernetes 1.24 considers safe (namespaced, isolated). */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
]);

interface Patterns {
  exact: ReadonlySet<string>;
  prefixes: readonly string[];
}

function compilePatterns(patterns: readonly string[]): Patterns {
  return {
    exact: new Set(patterns.filter((p) => !p.endsWith('*'))),
    prefixes: patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1)),
  };
}

export function matchesSysctlPattern(name: string, patterns: Patterns): boolean {
  return patterns.exact.has(name) || patterns.prefixes.some((prefix) => name.startsWith(prefix));
}

interface SysctlConfig {
  forbidden: Patterns;
  allowedUnsafe: Patterns;
}

export const sysctls = defineCheck<SysctlConfig>({
  id: 'sysctls',
  fields: ['allowedUnsafeSysctls', 'forbiddenSysctls'],
  prepare: (spec) => ({
    forbidden: compilePatterns(spec.forbiddenSysctls ?? []),
    allowedUnsafe: compilePatterns(spec.allowedUnsafeSysctls ?? []),
  }),
  evaluate(pod, config, out) {
    const list = pod.podSc.sysctls ?? [];
    for (let i = 0; i < list.length; i += 1) {
      const name = list[i]?.name ?? '';
      let message: string | undefined;
      if (matchesSysctlPattern(name, config.forbidden))
        message = `sysctl ${quote(name)} is not allowed`;
      else if (!SAFE_SYSCTLS.has(name) && !matchesSysctlPattern(name, config.allowedUnsafe)) {
        message = `unsafe sysctl ${quote(name)} is not allowed`;
      }
      if (message) out.violations.push({ field: `spec.securityContext.sysctls[${i}]`, message });
    }
  },
});
