/**
 * The PodSecurityPolicy admission decision (psp-semantics.md §3): which policy admits a pod, or
 * why none does.
 *
 * Policies are tried in byte-wise name order; on update (the validating pass) the policy named
 * by the pod's `kubernetes.io/psp` annotation is tried first, and a policy that would change the
 * pod is skipped silently. A policy neither the requester nor the pod's service account may use
 * is skipped silently. The first policy that accepts the pod unchanged admits it; on create, if
 * none does, the first (by name) that accepts it after applying its defaults admits it, mutated.
 * Otherwise the pod is denied with the errors of every usable policy that rejected it.
 *
 * Derived data (compiled policies, RBAC resolution per requester, service account and
 * namespace) is cached per PolicySet object.
 */
import type { Pod } from '../k8s.ts';
import type { PolicySet } from '../policy-set.ts';
import {
  grantAllows,
  type Identity,
  type PolicyGrant,
  serviceAccountIdentity,
  UseGrantResolver,
} from '../rbac/resolve-use-grants.ts';
import {
  type CompiledPolicy,
  compilePolicy,
  evaluateCompiledPolicy,
  type IgnoredPolicy,
  isCompiled,
} from './compile-policy.ts';
import { buildPodView } from './pod-view.ts';

export interface PspReason {
  policy: string;
  field: string;
  message: string;
}

export interface PspVerdict {
  allowed: boolean;
  /** The admitting policy, or null when denied. */
  policy: string | null;
  /** The admitting policy would change the pod (its defaults apply). */
  mutated: boolean;
  /** Why usable policies rejected the pod (empty when allowed). */
  reasons: PspReason[];
}

export interface PspRequest {
  /** Requesting user; undefined: anonymous. */
  user?: string;
  groups?: string[];
  /** Default create. */
  operation?: 'create' | 'update';
}

/** What else happened on the way to a verdict: for explaining a denial with no reasons. */
export interface PspTrace {
  namespace: string;
  serviceAccount: string;
  /** Policies that Kubernetes cannot instantiate, with why. */
  ignored: IgnoredPolicy[];
  /** Policies neither identity may use. */
  unauthorized: string[];
  /** On update: usable policies that accept the pod only after changing it. */
  mutating: string[];
}

export const PSP_ANNOTATION = 'kubernetes.io/psp';
const CACHE_LIMIT = 10_000;

interface CompiledPolicySet {
  /** Instantiable policies in byte-wise name order. */
  policies: readonly CompiledPolicy[];
  byName: ReadonlyMap<string, CompiledPolicy>;
  ignored: readonly IgnoredPolicy[];
  resolver: UseGrantResolver | null;
  grants: Map<string, PolicyGrant>;
}

const compiledSets = new WeakMap<PolicySet, CompiledPolicySet>();

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function compilePolicySet(policySet: PolicySet): CompiledPolicySet {
  const cached = compiledSets.get(policySet);
  if (cached) return cached;
  const policies: CompiledPolicy[] = [];
  const ignored: IgnoredPolicy[] = [];
  for (const policy of policySet.policies) {
    const compiled = compilePolicy(policy);
    if (isCompiled(compiled)) policies.push(compiled);
    else ignored.push(compiled);
  }
  policies.sort((a, b) => byteOrder(a.name, b.name));
  const set: CompiledPolicySet = {
    policies,
    byName: new Map(policies.map((p) => [p.name, p])),
    ignored,
    resolver: policySet.rbac ? new UseGrantResolver(policySet.rbac) : null,
    grants: new Map(),
  };
  compiledSets.set(policySet, set);
  return set;
}

function resolveGrant(
  set: CompiledPolicySet,
  request: PspRequest,
  namespace: string,
  serviceAccount: string,
): PolicyGrant {
  if (set.resolver === null) return 'all';
  const groups = request.groups ?? [];
  const key = `${request.user ?? ''}\u0000${request.user === undefined ? 'anonymous' : 'user'}\u0000${groups.join('\u0001')}\u0000${serviceAccount}\u0000${namespace}`;
  let grant = set.grants.get(key);
  if (grant === undefined) {
    const identities: Identity[] = [{ user: request.user, groups }];
    if (serviceAccount !== '') identities.push(serviceAccountIdentity(namespace, serviceAccount));
    grant = set.resolver.resolve(identities, namespace);
    if (set.grants.size >= CACHE_LIMIT) set.grants.clear();
    set.grants.set(key, grant);
  }
  return grant;
}

function orderFor(set: CompiledPolicySet, pod: Pod, update: boolean): readonly CompiledPolicy[] {
  if (!update) return set.policies;
  const hint = pod.metadata?.annotations?.[PSP_ANNOTATION];
  const first = hint === undefined ? undefined : set.byName.get(hint);
  return first ? [first, ...set.policies.filter((p) => p !== first)] : set.policies;
}

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * The namespace and service account a pod is admitted under (defaults as the API applies).
 * The ServiceAccount admission plugin, which runs before PSP, names `default` when the pod names
 * none, except for a mirror pod (static pod), which never has a service account: then
 * serviceAccount is '' and only the requester is authorized (psp-semantics.md §4, §9).
 */
export function resolvePodIdentity(pod: Pod): { namespace: string; serviceAccount: string } {
  const named = pod.spec?.serviceAccountName || pod.spec?.serviceAccount;
  const mirror = pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;
  return {
    namespace: pod.metadata?.namespace || 'default',
    serviceAccount: named || (mirror ? '' : 'default'),
  };
}

function decide(pod: Pod, policySet: PolicySet, request: PspRequest, trace?: PspTrace): PspVerdict {
  const set = compilePolicySet(policySet);
  const { namespace, serviceAccount } = resolvePodIdentity(pod);
  const grant = resolveGrant(set, request, namespace, serviceAccount);
  const update = request.operation === 'update';
  const view = buildPodView(pod);
  const reasons: PspReason[] = [];
  let candidate: CompiledPolicy | undefined;
  for (const policy of orderFor(set, pod, update)) {
    if (!grantAllows(grant, policy.name)) {
      trace?.unauthorized.push(policy.name);
      continue;
    }
    const out = evaluateCompiledPolicy(policy, view);
    if (out.violations.length > 0) {
      for (const v of out.violations)
        reasons.push({ policy: policy.name, field: v.field, message: v.message });
    } else if (!out.mutated) {
      return { allowed: true, policy: policy.name, mutated: false, reasons: [] };
    } else if (update) {
      trace?.mutating.push(policy.name);
    } else {
      candidate ??= policy;
    }
  }
  if (candidate) return { allowed: true, policy: candidate.name, mutated: true, reasons: [] };
  return { allowed: false, policy: null, mutated: false, reasons };
}

/** What the PSP admission plugin decides for `pod` (namespace and service account from it). */
export function evaluatePsp(pod: Pod, policySet: PolicySet, request: PspRequest): PspVerdict {
  return decide(pod, policySet, request);
}

/** evaluatePsp plus what was skipped, to explain a denial that carries no reasons. */
export function evaluatePspWithTrace(
  pod: Pod,
  policySet: PolicySet,
  request: PspRequest,
): { verdict: PspVerdict; trace: PspTrace } {
  const { namespace, serviceAccount } = resolvePodIdentity(pod);
  const trace: PspTrace = {
    namespace,
    serviceAccount,
    ignored: [...compilePolicySet(policySet).ignored],
    unauthorized: [],
    mutating: [],
  };
  return { verdict: decide(pod, policySet, request, trace), trace };
}
