/**
 * PSP field `readOnlyRootFilesystem` (psp-semantics.md §5, §6.15). Policy true: a container
 * with the value unset is defaulted to true (a mutation); an explicit false is reported at
 * `<container>.securityContext.readOnlyRootFilesystem`. Policy false: anything.
 */
import { defineCheck } from '../check.ts';
import { inContainer } from '../format.ts';

export const readOnlyRootFilesystem = defineCheck<true>({
  id: 'readOnlyRootFilesystem',
  fields: ['readOnlyRootFilesystem'],
  prepare: (spec) => (spec.readOnlyRootFilesystem === true ? true : null),
  evaluate(pod, _config, out) {
    for (const c of pod.containers) {
      const value = c.sc.readOnlyRootFilesystem;
      if (value == null) out.mutated = true;
      else if (value === false) {
        out.violations.push({
          field: `${c.path}.securityContext.readOnlyRootFilesystem`,
          message: `ReadOnlyRootFilesystem must be set to true${inContainer(c)}`,
        });
      }
    }
  },
});
