/**
 * PSP seccomp annotations `seccomp.security.alpha.kubernetes.io/allowedProfileNames`
 * (comma-separated, `*` = any) and `…/defaultProfileName` (psp-semantics.md §5, §6.10).
 * - Field → profile: `RuntimeDefault` → `runtime/default`, `Unconfined` → `unconfined`,
 *   `Localhost` + `localhostProfile: p` → `localhost/p`.
 * - Default: when the pod annotation `seccomp.security.alpha.kubernetes.io/pod` is empty it is
 *   set to the translated pod field if there is one, else to the policy default. Either is a
 *   mutation — so a pod with the field but not the annotation is mutated by every policy.
 * - Pod profile: the (defaulted) pod annotation. Container profile: container field, else the
 *   annotation `container.seccomp.security.alpha.kubernetes.io/<name>` if present, else the pod
 *   field, else the pod annotation.
 * - Each profile (pod once, each container once): no allowed list and profile set → "seccomp may
 *   not be set", even for runtime/default; no list and empty profile → fine; `*` → fine;
 *   otherwise the profile must be listed (an empty one is not), `runtime/default` and
 *   `docker/default` standing for each other.
 * Paths: `metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]` and
 * `metadata.annotations[container.seccomp.security.alpha.kubernetes.io/<name>]`, also when the
 * value came from a field.
 */
import type { SeccompProfile } from 'kubernetes-types/core/v1.d.ts';
import { type CheckOutput, type ContainerView, defineCheck } from '../check.ts';
import { formatList, inContainer, quote } from '../format.ts';

export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX =
  'container.seccomp.security.alpha.kubernetes.io/';
export const SECCOMP_ALLOWED_ANNOTATION =
  'seccomp.security.alpha.kubernetes.io/allowedProfileNames';
export const SECCOMP_DEFAULT_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/defaultProfileName';

const RUNTIME_DEFAULT = 'runtime/default';
const DOCKER_DEFAULT = 'docker/default';

/** The annotation form of a seccompProfile field ('' for a Localhost without a profile). */
export function seccompProfileName(field: SeccompProfile): string {
  switch (field.type) {
    case 'RuntimeDefault':
      return RUNTIME_DEFAULT;
    case 'Unconfined':
      return 'unconfined';
    case 'Localhost':
      return field.localhostProfile == null ? '' : `localhost/${field.localhostProfile}`;
    default:
      return '';
  }
}

interface SeccompConfig {
  allowAny: boolean;
  allowed: ReadonlySet<string>;
  listed: readonly string[];
  defaultProfile: string;
}

function validateProfile(
  field: string,
  profile: string,
  container: ContainerView | undefined,
  config: SeccompConfig,
  out: CheckOutput,
): void {
  if (config.allowAny || config.allowed.has(profile)) return;
  const where = container ? inContainer(container) : '';
  if (config.allowed.size === 0) {
    if (profile !== '') {
      out.violations.push({
        field,
        message: `seccomp may not be set (profile ${quote(profile)})${where}`,
      });
    }
    return;
  }
  const message =
    profile === ''
      ? `seccomp profile must be set; allowed profiles: ${formatList(config.listed)}${where}`
      : `${quote(profile)} is not an allowed seccomp profile; allowed profiles: ${formatList(config.listed)}${where}`;
  out.violations.push({ field, message });
}

export const seccomp = defineCheck<SeccompConfig>({
  id: 'seccomp',
  fields: [
    `metadata.annotations[${SECCOMP_ALLOWED_ANNOTATION}]`,
    `metadata.annotations[${SECCOMP_DEFAULT_ANNOTATION}]`,
  ],
  prepare(_spec, annotations) {
    const listed = (annotations[SECCOMP_ALLOWED_ANNOTATION] ?? '')
      .split(',')
      .filter((p) => p !== '');
    const allowed = new Set(listed.filter((p) => p !== '*'));
    if (allowed.has(RUNTIME_DEFAULT) || allowed.has(DOCKER_DEFAULT)) {
      allowed.add(RUNTIME_DEFAULT);
      allowed.add(DOCKER_DEFAULT);
    }
    return {
      allowAny: listed.includes('*'),
      allowed,
      listed,
      defaultProfile: annotations[SECCOMP_DEFAULT_ANNOTATION] ?? '',
    };
  },
  evaluate(pod, config, out) {
    const podField = pod.podSc.seccompProfile ? seccompProfileName(pod.podSc.seccompProfile) : '';
    let podProfile = pod.annotations[SECCOMP_POD_ANNOTATION] ?? '';
    if (podProfile === '') {
      podProfile = podField || config.defaultProfile;
      if (podProfile !== '') out.mutated = true;
    }
    if (config.allowAny) return;
    validateProfile(
      `metadata.annotations[${SECCOMP_POD_ANNOTATION}]`,
      podProfile,
      undefined,
      config,
      out,
    );
    for (const c of pod.containers) {
      const key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name;
      let profile: string;
      if (c.sc.seccompProfile) profile = seccompProfileName(c.sc.seccompProfile);
      else if (key in pod.annotations) profile = pod.annotations[key] ?? '';
      else profile = pod.podSc.seccompProfile ? podField : podProfile;
      validateProfile(`metadata.annotations[${key}]`, profile, c, config, out);
    }
  },
});
