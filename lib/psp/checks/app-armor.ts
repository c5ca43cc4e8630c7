/**
 * PSP AppArmor annotations `apparmor.security.beta.kubernetes.io/allowedProfileNames` and
 * `…/defaultProfileName` (psp-semantics.md §5, §6.11), against the pod annotation
 * `container.apparmor.security.beta.kubernetes.io/<container name>`. An empty container
 * annotation is set to the policy default when there is one (a mutation). With an allowed list
 * (the annotation present, split on commas) the profile must be non-empty and listed exactly:
 * no wildcard, no runtime/docker equivalence. No list: anything. There is no pod-level AppArmor
 * and no field form in 1.24.
 * Path: `metadata.annotations[container.apparmor.security.beta.kubernetes.io/<name>]`.
 */
import { defineCheck } from '../check.ts';
import { formatList, inContainer, quote } from '../format.ts';

export const APPARMOR_CONTAINER_ANNOTATION_PREFIX =
  'container.apparmor.security.beta.kubernetes.io/';
export const APPARMOR_ALLOWED_ANNOTATION =
  'apparmor.security.beta.kubernetes.io/allowedProfileNames';
export const APPARMOR_DEFAULT_ANNOTATION =
  'apparmor.security.beta.kubernetes.io/defaultProfileName';

interface AppArmorConfig {
  /** null: no allowed list. */
  allowed: readonly string[] | null;
  defaultProfile: string;
}

export const appArmor = defineCheck<AppArmorConfig>({
  id: 'appArmor',
  fields: [
    `metadata.annotations[${APPARMOR_ALLOWED_ANNOTATION}]`,
    `metadata.annotations[${APPARMOR_DEFAULT_ANNOTATION}]`,
  ],
  prepare(_spec, annotations) {
    const list = annotations[APPARMOR_ALLOWED_ANNOTATION];
    const allowed = list === undefined ? null : list.split(',');
    const defaultProfile = annotations[APPARMOR_DEFAULT_ANNOTATION] ?? '';
    return allowed === null && defaultProfile === '' ? null : { allowed, defaultProfile };
  },
  evaluate(pod, config, out) {
    for (const c of pod.containers) {
      const key = APPARMOR_CONTAINER_ANNOTATION_PREFIX + c.name;
      let profile = pod.annotations[key] ?? '';
      if (profile === '' && config.defaultProfile !== '') {
        out.mutated = true;
        profile = config.defaultProfile;
      }
      if (config.allowed === null || (profile !== '' && config.allowed.includes(profile))) continue;
      out.violations.push({
        field: `metadata.annotations[${key}]`,
        message:
          profile === ''
            ? `AppArmor profile must be set; allowed profiles: ${formatList(config.allowed)}${inContainer(c)}`
            : `AppArmor profile ${quote(profile)} is not allowed; allowed profiles: ${formatList(config.allowed)}${inContainer(c)}`,
      });
    }
  },
});
