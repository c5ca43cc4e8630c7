/**
 * PSP field `privileged` (psp-semantics.md §6.1). With `privileged: false` (or absent) no
 * container — init, regular or ephemeral — may set `securityContext.privileged: true`.
 * Reported at `<container>.securityContext.privileged`. Nothing is defaulted.
 */
import { defineCheck } from '../check.ts';
import { inContainer } from '../format.ts';

export const privileged = defineCheck<true>({
  id: 'privileged',
  fields: ['privileged'],
  prepare: (spec) => (spec.privileged === true ? null : true),
  evaluate(pod, _config, out) {
    for (const c of pod.containers) {
      if (c.sc.privileged === true) {
        out.violations.push({
          field: `${c.path}.securityContext.privileged`,
          message: `Privileged containers are not allowed${inContainer(c)}`,
        });
      }
    }
  },
});
