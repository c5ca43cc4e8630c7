/**
 * PSP fields `allowPrivilegeEscalation` and `defaultAllowPrivilegeEscalation`
 * (psp-semantics.md §2.1, §5, §6.16). `allowPrivilegeEscalation` absent means true (API
 * defaulting). A container with the value unset is defaulted to
 * `defaultAllowPrivilegeEscalation` when the policy has one, else to false when the policy has
 * `allowPrivilegeEscalation: false` (each a mutation). With `allowPrivilegeEscalation: false`
 * the resulting value must be false → `<container>.securityContext.allowPrivilegeEscalation`.
 * `defaultAllowPrivilegeEscalation` is only a default, never a limit.
 */
import { defineCheck } from '../check.ts';
import { inContainer } from '../format.ts';

interface EscalationConfig {
  /** The value an unset container gets, or undefined when the policy defaults nothing. */
  default: boolean | undefined;
  allowed: boolean;
}

export const allowPrivilegeEscalation = defineCheck<EscalationConfig>({
  id: 'allowPrivilegeEscalation',
  fields: ['allowPrivilegeEscalation', 'defaultAllowPrivilegeEscalation'],
  prepare(spec) {
    const allowed = spec.allowPrivilegeEscalation ?? true;
    const value = spec.defaultAllowPrivilegeEscalation ?? (allowed ? undefined : false);
    return allowed && value === undefined ? null : { default: value, allowed };
  },
  evaluate(pod, config, out) {
    for (const c of pod.containers) {
      let value = c.sc.allowPrivilegeEscalation ?? undefined;
      if (value === undefined && config.default !== undefined) {
        out.mutated = true;
        value = config.default;
      }
      if (!config.allowed && value !== false) {
        out.violations.push({
          field: `${c.path}.securityContext.allowPrivilegeEscalation`,
          message: `Allowing privilege escalation for containers is not allowed${inContainer(c)}`,
        });
      }
    }
  },
});
