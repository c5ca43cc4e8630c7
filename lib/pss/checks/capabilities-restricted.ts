/**
 * capabilities_restricted (restricted, v1.22; revised v1.25) — containers must drop ALL
 * capabilities and may add back only NET_BIND_SERVICE. Fields: securityContext.capabilities.drop
 * (must include the literal "ALL") and .add (only "NET_BIND_SERVICE") on every container.
 * v1.25+: skipped when spec.os.name is windows. Overrides capabilities_baseline.
 */

import type { PodSpec } from '../../k8s.ts';
import {
  CONTAINER_LISTS,
  containerPath,
  containersOf,
  deny,
  type PssCheck,
  runsOnWindows,
} from '../check.ts';
import { append, describeContainers, joinQuote, nameOf, sortedUnique } from '../format.ts';

function dropsAll(drop: unknown): boolean {
  return Array.isArray(drop) && drop.includes('ALL');
}

function addsOnlyNetBindService(add: unknown): boolean {
  if (!Array.isArray(add)) return true;
  for (let i = 0; i < add.length; i += 1) if (add[i] !== 'NET_BIND_SERVICE') return false;
  return true;
}

function capabilitiesRestrictedV1Dot22(_metadata: unknown, spec: PodSpec) {
  let missingDrop: string[] | undefined;
  let adding: string[] | undefined;
  let dropFields: string[] | undefined;
  let addFields: string[] | undefined;
  let added: string[] | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = containersOf(spec, list);
    for (let i = 0; i < containers.length; i += 1) {
      const capabilities = containers[i]?.securityContext?.capabilities;
      if (capabilities && dropsAll(capabilities.drop) && addsOnlyNetBindService(capabilities.add)) {
        continue;
      }
      const name = nameOf(containers[i] ?? {});
      const path = `${containerPath(list, i)}.securityContext.capabilities`;
      if (!capabilities || !dropsAll(capabilities.drop)) {
        missingDrop = append(missingDrop, name);
        dropFields = append(dropFields, `${path}.drop`);
      }
      const add = capabilities?.add;
      if (Array.isArray(add) && !addsOnlyNetBindService(add)) {
        adding = append(adding, name);
        for (let a = 0; a < add.length; a += 1) {
          if (add[a] === 'NET_BIND_SERVICE') continue;
          added = append(added, String(add[a]));
          addFields = append(addFields, `${path}.add[${a}]`);
        }
      }
    }
  }
  if (missingDrop === undefined && adding === undefined) return undefined;
  const details: string[] = [];
  const fields: string[] = [];
  if (missingDrop !== undefined) {
    details.push(
      `${describeContainers(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`,
    );
    fields.push(...(dropFields ?? []));
  }
  if (adding !== undefined) {
    details.push(
      `${describeContainers(adding)} must not include ${joinQuote(sortedUnique(added ?? []))} in securityContext.capabilities.add`,
    );
    fields.push(...(addFields ?? []));
  }
  return deny('unrestricted capabilities', details.join('; '), fields);
}

function capabilitiesRestrictedV1Dot25(metadata: unknown, spec: PodSpec) {
  return runsOnWindows(spec) ? undefined : capabilitiesRestrictedV1Dot22(metadata, spec);
}

export const capabilitiesRestricted: PssCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  overrides: ['capabilities_baseline'],
  versions: [
    { since: 'v1.22', evaluate: capabilitiesRestrictedV1Dot22 },
    { since: 'v1.25', evaluate: capabilitiesRestrictedV1Dot25 },
  ],
};
