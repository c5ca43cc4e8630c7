/**
 * PSP field `allowedProcMountTypes` (psp-semantics.md §6.12). An empty list means only
 * `Default`; each container's `securityContext.procMount` (unset = `Default`) must be listed →
 * `<sc>.procMount`. (With the ProcMountType gate off, as by default in 1.24, the API server drops
 * the field from policies and pods; the policy is evaluated as given.)
 */
import { defineCheck } from '../check.ts';
import { formatList, inContainer, quote } from '../format.ts';

export const allowedProcMountTypes = defineCheck<readonly string[]>({
  id: 'allowedProcMountTypes',
  fields: ['allowedProcMountTypes'],
  prepare(spec) {
    const types = spec.allowedProcMountTypes ?? [];
    return types.length === 0 ? ['Default'] : types;
  },
  evaluate(pod, types, out) {
    for (const c of pod.containers) {
      const procMount = c.sc.procMount ?? 'Default';
      if (!types.includes(procMount)) {
        out.violations.push({
          field: `${c.path}.securityContext.procMount`,
          message: `ProcMountType ${quote(procMount)} is not allowed; allowed: ${formatList(types)}${inContainer(c)}`,
        });
      }
    }
  },
});
