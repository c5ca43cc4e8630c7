/**
 * seLinuxOptions (baseline, v1.0; revised v1.31) — custom SELinux users and roles are
 * disallowed, and the type is limited to the container types.
 * Fields: spec.securityContext.seLinuxOptions and every container's
 * securityContext.seLinuxOptions. Allowed: `type` empty, "container_t", "container_init_t",
 * "container_kvm_t" (v1.31+: also "container_engine_t"); `user` and `role` empty; `level` free.
 */

import type { PodSpec } from '../../k8s.ts';
import {
  CONTAINER_LISTS,
  containerPath,
  containersOf,
  deny,
  type PssCheck,
  type PssCheckFn,
} from '../check.ts';
import {
  append,
  describeContainers,
  joinQuote,
  nameOf,
  pluralize,
  sortedUnique,
} from '../format.ts';

const TYPES_V1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const TYPES_V1_31 = [...TYPES_V1_0, 'container_engine_t'];

interface SeLinuxOptionsLike {
  type?: unknown;
  user?: unknown;
  role?: unknown;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** A revision that accepts exactly the SELinux `types` (unset counts as empty). */
function seLinuxOptionsAllowing(types: readonly string[]): PssCheckFn {
  const allowed: ReadonlySet<unknown> = new Set<unknown>([...types, undefined, null]);
  const valid = (options: SeLinuxOptionsLike) =>
    allowed.has(options.type) && !isSet(options.user) && !isSet(options.role);

  return (_metadata, spec: PodSpec) => {
    let bad: { options: SeLinuxOptionsLike; path: string }[] | undefined;
    let setters: string[] | undefined;
    const podOptions = spec.securityContext?.seLinuxOptions;
    if (podOptions && !valid(podOptions)) {
      setters = ['pod'];
      bad = append(bad, { options: podOptions, path: 'spec.securityContext.seLinuxOptions' });
    }
    let names: string[] | undefined;
    for (const list of CONTAINER_LISTS) {
      const containers = containersOf(spec, list);
      for (let i = 0; i < containers.length; i += 1) {
        const options = containers[i]?.securityContext?.seLinuxOptions;
        if (!options || valid(options)) continue;
        names = append(names, nameOf(containers[i] ?? {}));
        bad = append(bad, {
          options,
          path: `${containerPath(list, i)}.securityContext.seLinuxOptions`,
        });
      }
    }
    if (bad === undefined) return undefined;
    if (names !== undefined) setters = append(setters, describeContainers(names));

    const fields: string[] = [];
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    for (const { options, path } of bad) {
      if (!allowed.has(options.type)) {
        badTypes.push(String(options.type));
        fields.push(`${path}.type`);
      }
      if (isSet(options.user)) {
        setUser = true;
        fields.push(`${path}.user`);
      }
      if (isSet(options.role)) {
        setRole = true;
        fields.push(`${path}.role`);
      }
    }
    const problems: string[] = [];
    const types = sortedUnique(badTypes);
    if (types.length > 0)
      problems.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) problems.push('user may not be set');
    if (setRole) problems.push('role may not be set');
    return deny(
      'seLinuxOptions',
      `${(setters ?? []).join(' and ')} set forbidden securityContext.seLinuxOptions: ${problems.join('; ')}`,
      fields,
    );
  };
}

export const seLinuxOptions: PssCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { since: 'v1.0', evaluate: seLinuxOptionsAllowing(TYPES_V1_0) },
    { since: 'v1.31', evaluate: seLinuxOptionsAllowing(TYPES_V1_31) },
  ],
};
