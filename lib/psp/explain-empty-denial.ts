/**
 * Why a PSP denial carries no reasons: no policy at all, none Kubernetes could instantiate, none
 * the requester or the pod's service account may use, or (on update) only policies that would
 * change the pod. Shared by the CLI and the API's dry run.
 */
import type { PspRequest, PspTrace } from './evaluate-psp.ts';

function describeRequester(request: PspRequest): string {
  const groups = request.groups ?? [];
  const who =
    request.user === undefined ? 'an anonymous requester' : `user ${JSON.stringify(request.user)}`;
  return groups.length === 0 ? `${who} (no groups)` : `${who} (groups ${groups.join(', ')})`;
}

/** Why a denial carries no reasons: no policy, none instantiable, none usable, all mutating. */
export function explainEmptyDenial(
  trace: PspTrace,
  request: PspRequest,
  policyCount: number,
): string {
  if (policyCount === 0)
    return 'no PodSecurityPolicy is defined (no providers available to validate the pod)';
  const parts: string[] = [];
  for (const ignored of trace.ignored) {
    parts.push(`policy ${ignored.name} cannot be used by Kubernetes (${ignored.reason})`);
  }
  if (trace.unauthorized.length > 0) {
    parts.push(
      `neither ${describeRequester(request)} nor service account ${trace.namespace}/${trace.serviceAccount} may use ${trace.unauthorized.join(', ')}`,
    );
  }
  if (trace.mutating.length > 0) {
    parts.push(
      `on update only a policy that accepts the pod unchanged can admit it, and ${trace.mutating.join(', ')} would change it`,
    );
  }
  return parts.join('; ') || 'no policy admits the pod';
}
