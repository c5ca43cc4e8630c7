/**
 * PSP field `runtimeClass` (psp-semantics.md §5, §6.17). Only with a `runtimeClass` stanza: an
 * unset `spec.runtimeClassName` is defaulted to `defaultRuntimeClassName` when there is one (a
 * mutation) and is otherwise fine; a set one must be listed in `allowedRuntimeClassNames` or `*`
 * must be (an empty list rejects every name) → `spec.runtimeClassName`.
 */
import { defineCheck } from '../check.ts';
import { formatList, quote } from '../format.ts';

interface RuntimeClassConfig {
  allowed: readonly string[];
  defaultName: string | undefined;
}

export const runtimeClass = defineCheck<RuntimeClassConfig>({
  id: 'runtimeClass',
  fields: ['runtimeClass'],
  prepare(spec) {
    const stanza = spec.runtimeClass;
    if (!stanza) return null;
    const allowed = stanza.allowedRuntimeClassNames ?? [];
    const defaultName = stanza.defaultRuntimeClassName ?? undefined;
    return allowed.includes('*') && defaultName === undefined ? null : { allowed, defaultName };
  },
  evaluate(pod, config, out) {
    let name = pod.runtimeClassName;
    if (name === undefined) {
      // The default is validated like a value the pod set (the API keeps it in the list).
      if (config.defaultName === undefined) return;
      out.mutated = true;
      name = config.defaultName;
    }
    if (!config.allowed.includes('*') && !config.allowed.includes(name)) {
      out.violations.push({
        field: 'spec.runtimeClassName',
        message: `runtime class ${quote(name)} is not allowed; allowed: ${formatList(config.allowed)}`,
      });
    }
  },
});
