/**
 * Runs one PSS check on a pod at a policy version, choosing the revision the way the registry
 * does (the newest whose `since` is not newer than the version), so check tests can state
 * "at v1.X this pod gets this denial" without going through a level.
 */
import type { Pod } from '../../lib/k8s.ts';
import type { PssCheck, PssDenial } from '../../lib/pss/check.ts';
import { parseMinor } from '../../lib/pss/version.ts';

export function runPssCheck(check: PssCheck, version: string, pod: Pod): PssDenial | undefined {
  const minor = parseMinor(version);
  if (minor === undefined) throw new Error(`test asked for version ${version}`);
  const revision = check.versions.findLast(
    (candidate) => (parseMinor(candidate.since) ?? 0) <= minor,
  );
  if (revision === undefined) throw new Error(`${check.id} does not run at ${version}`);
  return revision.evaluate(pod.metadata, pod.spec ?? { containers: [] });
}

/** The pod with only the containers given (no init containers), for message tests. */
export function podWith(spec: Partial<NonNullable<Pod['spec']>>, metadata?: Pod['metadata']): Pod {
  return { metadata: metadata ?? { name: 'pod' }, spec: { containers: [], ...spec } };
}
