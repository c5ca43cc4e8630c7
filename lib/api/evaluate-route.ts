/**
 * `POST /evaluate`: a dry run of one pod against the stored policies (and a PSS level when
 * asked), answering the verdict object of `psp-audit evaluate --format json`.
 */

import { emulateServiceAccountAdmission } from '../admission/emulate-service-account-admission.ts';
import { BadRequestError } from '../errors.ts';
import type { Pod } from '../k8s.ts';
import { parsePod } from '../manifests/parse-pod.ts';
import {
  controllerRequester,
  describeWorkload,
  isKnownWorkloadApiVersion,
  isWorkloadKind,
  parseWorkload,
  WORKLOAD_KINDS,
  type WorkloadOrigin,
} from '../manifests/parse-workload.ts';
import { evaluatePspWithTrace, resolvePodIdentity } from '../psp/evaluate-psp.ts';
// explainEmptyDenial lives with the CLI's evaluate command; shared so both explain alike.
import { explainEmptyDenial } from '../psp/explain-empty-denial.ts';
import { evaluatePss, formatPssTarget, parsePssTarget } from '../pss/evaluate-pss.ts';
import { type ApiRoute, ok } from './api-types.ts';
import { parseJsonObjectBody, rejectUnknownFields } from './parse-body.ts';
import { rejectUnknownParameters } from './parse-params.ts';

const USAGE =
  '{"pod": {...}, "user": "alice", "groups": ["dev"], "pss": "restricted@v1.25", "asWritten": false} (pod required, or "workload": {...} instead)';

export const NO_POLICIES_NOTE =
  'PodSecurityPolicy not evaluated: no policies are stored (import them with PUT /policies)';

export interface EvaluateRequest {
  /** The pod given, or the pod the given workload's controller would create. */
  pod: Pod;
  /** Set when a workload was given instead of a pod. */
  workload?: WorkloadOrigin;
  user?: string;
  groups?: string[];
  pss?: string;
  /**
   * Judge the pod exactly as given. By default it is first changed as the ServiceAccount
   * admission plugin changes a created pod before PSP sees it (default service account,
   * projected token volume and its mounts).
   */
  asWritten?: boolean;
}

export function parseEvaluateRequest(body: string | null): EvaluateRequest {
  const request = parseJsonObjectBody(body, USAGE);
  rejectUnknownFields(request, ['pod', 'workload', 'user', 'groups', 'pss', 'asWritten']);
  const { pod, workload, user, groups, pss, asWritten } = request;
  if (workload !== undefined && pod !== undefined) {
    throw new BadRequestError('give either pod or workload, not both');
  }
  const fromWorkload = workload === undefined ? undefined : parseWorkloadField(workload);
  if (
    fromWorkload === undefined &&
    (typeof pod !== 'object' || pod === null || Array.isArray(pod))
  ) {
    throw new BadRequestError(`pod must be a Pod object: ${USAGE}`);
  }
  const { kind } = (pod ?? {}) as Record<string, unknown>;
  if (kind !== undefined && kind !== 'Pod') {
    throw new BadRequestError(`pod.kind must be Pod, got ${JSON.stringify(kind)}`);
  }
  const parsed = fromWorkload?.pod ?? parsePod(pod as Record<string, unknown>, 'pod');
  if (user !== undefined && (typeof user !== 'string' || user === '')) {
    throw new BadRequestError('user must be a non-empty string (the requesting user)');
  }
  if (
    groups !== undefined &&
    (!Array.isArray(groups) || !groups.every((group) => typeof group === 'string'))
  ) {
    throw new BadRequestError('groups must be a list of strings');
  }
  if (pss !== undefined && typeof pss !== 'string') {
    throw new BadRequestError('pss must be a string such as "restricted@v1.25"');
  }
  if (asWritten !== undefined && typeof asWritten !== 'boolean') {
    throw new BadRequestError('asWritten must be true or false');
  }
  return {
    pod: parsed,
    ...(fromWorkload === undefined ? {} : { workload: fromWorkload.workload }),
    ...(user === undefined ? {} : { user }),
    ...(groups === undefined ? {} : { groups: groups as string[] }),
    ...(pss === undefined ? {} : { pss }),
    ...(asWritten === undefined ? {} : { asWritten }),
  };
}

/** A workload object: the pod its controller would create (psp-audit evaluate --pod alike). */
function parseWorkloadField(workload: unknown) {
  if (typeof workload !== 'object' || workload === null || Array.isArray(workload)) {
    throw new BadRequestError(
      `workload must be an object of kind ${WORKLOAD_KINDS.join(', ')}: ${USAGE}`,
    );
  }
  const { kind } = workload as Record<string, unknown>;
  if (!isWorkloadKind(kind)) {
    throw new BadRequestError(
      `workload.kind must be one of ${WORKLOAD_KINDS.join(', ')}, got ${kind === undefined ? 'none' : JSON.stringify(kind)}`,
    );
  }
  const { apiVersion } = workload as Record<string, unknown>;
  if (!isKnownWorkloadApiVersion(kind, apiVersion)) {
    throw new BadRequestError(
      `workload.apiVersion ${JSON.stringify(apiVersion)} does not serve the Kubernetes ${kind}`,
    );
  }
  return parseWorkload(workload as Record<string, unknown>, 'workload');
}

function parsePssParameter(text: string) {
  try {
    return parsePssTarget(text);
  } catch (error) {
    if (error instanceof BadRequestError) {
      throw new BadRequestError(`pss: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

export const evaluatePod: ApiRoute = async (request, { policies }) => {
  rejectUnknownParameters(request.query, []);
  const input = parseEvaluateRequest(request.body);
  const target = input.pss === undefined ? undefined : parsePssParameter(input.pss);
  const policySet = await policies.current();
  const { namespace } = resolvePodIdentity(input.pod);
  const name = input.pod.metadata?.name ?? input.pod.metadata?.generateName ?? '';
  // A dry-run create: PSP and PSS judge the pod as the ServiceAccount plugin passes it on.
  const pod = input.asWritten === true ? input.pod : emulateServiceAccountAdmission(input.pod);

  const pssVerdict = target === undefined ? undefined : evaluatePss(pod, target);
  const pss =
    pssVerdict === undefined
      ? undefined
      : {
          policy: formatPssTarget(pssVerdict.target),
          allowed: pssVerdict.allowed,
          reasons: pssVerdict.reasons.map(({ check, field, message }) => ({
            check,
            field,
            message,
          })),
        };

  const pspEvaluated = policySet.policies.length > 0;
  // A workload's pods are requested by its controller, unless the caller names a requester.
  const controller =
    input.user === undefined && input.groups === undefined ? input.workload?.controller : null;
  const pspRequest = {
    ...(input.user === undefined ? {} : { user: input.user }),
    groups: input.groups ?? [],
    ...(controller ? controllerRequester(controller) : {}),
    operation: 'create' as const,
  };
  const traced = pspEvaluated ? evaluatePspWithTrace(pod, policySet, pspRequest) : undefined;
  const psp = traced?.verdict ?? { allowed: true, policy: null, mutated: false, reasons: [] };
  const allowed = pspEvaluated || pss !== undefined ? psp.allowed && (pss?.allowed ?? true) : null;
  const notes =
    traced === undefined
      ? [NO_POLICIES_NOTE]
      : !psp.allowed && psp.reasons.length === 0
        ? [explainEmptyDenial(traced.trace, pspRequest, policySet.policies.length)]
        : [];
  if (input.workload !== undefined) {
    const by = controller
      ? `, requested by ${pspRequest.user} (the controller that creates its pods)`
      : '';
    notes.unshift(`${describeWorkload(input.workload)}${by}`);
  }

  return ok({
    source: 'request',
    pod: `${namespace}/${name}`,
    allowed,
    policy: psp.policy,
    mutated: psp.mutated,
    reasons: psp.reasons,
    ...(pss === undefined ? {} : { pss }),
    policySetVersion: policySet.version,
    ...(pspEvaluated ? {} : { psp: 'not evaluated' }),
    ...(notes.length === 0 ? {} : { notes }),
  });
};
