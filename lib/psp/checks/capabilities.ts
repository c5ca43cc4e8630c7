/**
 * PSP fields `allowedCapabilities`, `requiredDropCapabilities`, `defaultAddCapabilities` — one
 * Kubernetes strategy (psp-semantics.md §5, §6.13). Capability names are exact, case-sensitive
 * strings: no `CAP_` stripping, and `ALL` is just a string (dropping `ALL` does not count as
 * dropping `NET_RAW`).
 * Defaults: add′ = (defaultAdd − container drop) ∪ container add; drop′ = requiredDrop ∪
 * container drop; when either set grows the container is mutated. So a required drop the
 * container does not list is a mutation, never an error (on update the policy is then skipped).
 * Validation: with `*` in allowedCapabilities nothing is checked; otherwise each `add` entry must
 * be in defaultAddCapabilities or allowedCapabilities → `<sc>.capabilities.add` (adding a
 * capability listed in requiredDropCapabilities is such an error).
 */
import { defineCheck } from '../check.ts';
import { inContainer, quote } from '../format.ts';

interface CapabilitiesConfig {
  defaultAdd: readonly string[];
  requiredDrop: readonly string[];
  /** defaultAdd ∪ allowedCapabilities; null when `*` allows every capability. */
  allowed: ReadonlySet<string> | null;
}

export const capabilities = defineCheck<CapabilitiesConfig>({
  id: 'capabilities',
  fields: ['allowedCapabilities', 'requiredDropCapabilities', 'defaultAddCapabilities'],
  prepare(spec) {
    const defaultAdd = spec.defaultAddCapabilities ?? [];
    const requiredDrop = spec.requiredDropCapabilities ?? [];
    const allowedCaps = spec.allowedCapabilities ?? [];
    const allowed = allowedCaps.includes('*') ? null : new Set([...defaultAdd, ...allowedCaps]);
    if (allowed === null && defaultAdd.length === 0 && requiredDrop.length === 0) return null;
    return { defaultAdd, requiredDrop, allowed };
  },
  evaluate(pod, config, out) {
    for (const c of pod.containers) {
      const add = c.sc.capabilities?.add ?? [];
      const drop = c.sc.capabilities?.drop ?? [];
      if (
        config.defaultAdd.some((cap) => !drop.includes(cap) && !add.includes(cap)) ||
        config.requiredDrop.some((cap) => !drop.includes(cap))
      ) {
        out.mutated = true;
      }
      if (config.allowed === null) continue;
      for (const cap of add) {
        if (!config.allowed.has(cap)) {
          out.violations.push({
            field: `${c.path}.securityContext.capabilities.add`,
            message: `capability ${quote(cap)} may not be added${inContainer(c)}`,
          });
        }
      }
    }
  },
});
