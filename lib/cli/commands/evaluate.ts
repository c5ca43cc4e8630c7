/**
 * `psp-audit evaluate`: what the PodSecurityPolicy admission controller (and/or the Pod Security
 * Standards) would decide for pods read from manifest files. The output contract is relied on by
 * other tools: one JSON object per pod and line with `--format json`; exit 0 when every pod is
 * allowed, 1 when any is denied, 2 on bad usage or bad input (one line on stderr).
 */
import { parseArgs } from 'node:util';
import { emulateServiceAccountAdmission } from '../../admission/emulate-service-account-admission.ts';
import type { Pod } from '../../k8s.ts';
import {
  buildPolicySet,
  controllerRequester,
  describeWorkload,
  loadManifestPaths,
  type WorkloadOrigin,
} from '../../manifests/load-manifests.ts';
import type { PolicySet } from '../../policy-set.ts';
import {
  evaluatePspWithTrace,
  type PspRequest,
  type PspTrace,
  type PspVerdict,
} from '../../psp/evaluate-psp.ts';
import { explainEmptyDenial } from '../../psp/explain-empty-denial.ts';
import {
  evaluatePss,
  formatPssTarget,
  type PssTarget,
  type PssVerdict,
  parsePssTarget,
} from '../../pss/evaluate-pss.ts';
import { type CliIo, type Command, UsageError } from '../main.ts';

const help = `usage: psp-audit evaluate --policies PATH [--policies PATH …] --pod PATH [--pod PATH …]
                         [--user NAME] [--group NAME …] [--operation create|update]
                         [--as-written] [--format text|json]
       psp-audit evaluate --pss LEVEL[@VERSION] --pod PATH [--pod PATH …] [--format text|json]

Decides what the PodSecurityPolicy admission controller (policy/v1beta1, Kubernetes up to
1.24) would do with each pod: which policy admits it, or why none does.

  --policies PATH   PodSecurityPolicy and RBAC manifests: a file (YAML, several documents
                    allowed, or JSON; List kinds are read) or a directory (its .yaml, .yml and
                    .json files, sorted). Repeatable. With no RBAC object at all, every policy
                    is usable by everyone; with any, the RBAC \`use\` grants decide.
  --pod PATH        Pod manifests, file or directory as above. Repeatable. Workloads are
                    read too (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob,
                    ReplicationController, PodTemplate): each yields the pod its controller
                    would create from the pod template (namespace from the workload, name
                    <workload>- or <statefulset>-0, labels, annotations and spec from the
                    template; "source" names the workload's document).
  --user NAME       The requesting user. Without it (and without --group): an anonymous
                    requester for a Pod; for a workload's pod, the controller that creates it
                    in a real cluster, system:serviceaccount:kube-system:<controller> with the
                    groups system:serviceaccounts, system:serviceaccounts:kube-system and
                    system:authenticated (replicaset-controller for a Deployment or
                    ReplicaSet, statefulset-controller, daemon-set-controller, job-controller
                    for a Job or CronJob, replication-controller; none for a PodTemplate).
                    --user or --group replaces it.
  --group NAME      A group of the requester, exactly as given (repeatable). Authenticated
                    users carry system:authenticated in a real cluster: pass it to match.
                    The pod's service account (spec.serviceAccountName, default "default") is
                    checked as well, with the groups system:serviceaccounts and
                    system:serviceaccounts:<namespace> only.
  --operation OP    create (default) or update. On update only policies that accept the pod
                    unchanged can admit it, and its kubernetes.io/psp annotation is tried first.
  --as-written      On create, judge the pod exactly as written. Without it, the pod is first
                    changed as the ServiceAccount admission plugin changes it before PSP runs:
                    spec.serviceAccountName defaults to "default" and, unless the pod sets
                    automountServiceAccountToken: false, a projected kube-api-access-emulated
                    token volume is added with a read-only mount at
                    /var/run/secrets/kubernetes.io/serviceaccount in every container and init
                    container that has none there (so a policy must allow projected or secret
                    volumes). The service account's own automount setting is not known and is
                    taken to be on. Mirror pods and updates are never changed.
  --pss LEVEL[@V]   Evaluate against the Pod Security Standards instead (privileged,
                    baseline, restricted; @v1.N or @latest, default latest). Given together
                    with --policies, both are evaluated: the PSP verdict gets a "pss" key with
                    the PSS verdict, and a pod is allowed only if both allow it.
  --format FORMAT   text (default) or json: one object per pod and line,
                    {"source", "pod", "allowed", "policy", "mutated", "reasons": [{"policy" (or
                    "check" for PSS), "field", "message"}]}. "source" is the file path, with
                    "#N" (N from 0) when the file holds several objects.

Exit status: 0 when every pod is allowed, 1 when any is denied, 2 on bad usage or bad input.
`;

interface Options {
  policies: string[];
  pods: string[];
  request: PspRequest;
  pss: PssTarget | undefined;
  format: 'text' | 'json';
  /** Judge the pod as written, without the ServiceAccount admission plugin's changes. */
  asWritten: boolean;
}

function parseOptions(args: string[]): Options | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
  if (values.help) return 'help';
  const pods = values.pod ?? [];
  const policies = values.policies ?? [];
  if (pods.length === 0) throw new UsageError('--pod PATH is required (see --help)');
  if (policies.length === 0 && values.pss === undefined) {
    throw new UsageError('--policies PATH or --pss LEVEL[@VERSION] is required (see --help)');
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json, got "${format}"`);
  const operation = values.operation ?? 'create';
  if (operation !== 'create' && operation !== 'update') {
    throw new UsageError(`--operation must be create or update, got "${operation}"`);
  }
  const pss = values.pss === undefined ? undefined : parsePssTarget(values.pss);
  const request: PspRequest = { operation };
  if (values.user !== undefined) request.user = values.user;
  if (values.group !== undefined) request.groups = values.group;
  return { policies, pods, request, pss, format, asWritten: values['as-written'] === true };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      policies: { type: 'string', multiple: true },
      pod: { type: 'string', multiple: true },
      user: { type: 'string' },
      group: { type: 'string', multiple: true },
      operation: { type: 'string' },
      pss: { type: 'string' },
      format: { type: 'string' },
      'as-written': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function podName(pod: Pod): string {
  const metadata = pod.metadata ?? {};
  return `${metadata.namespace || 'default'}/${metadata.name || metadata.generateName || ''}`;
}

/**
 * Who asks for the pod: the requester given with --user/--group, else for a workload's pod the
 * controller that creates it (psp-semantics.md §4), else an anonymous requester.
 */
function requestFor(request: PspRequest, workload: WorkloadOrigin | undefined): PspRequest {
  const given = request.user !== undefined || request.groups !== undefined;
  if (given || !workload?.controller) return request;
  return { ...request, ...controllerRequester(workload.controller) };
}

/** ` (Deployment/web's pod template)` after the pod name in text. */
function originText(workload: WorkloadOrigin | undefined, request: PspRequest): string {
  if (workload === undefined) return '';
  const by = workload.controller && request.user === controllerRequester(workload.controller).user;
  return ` (${describeWorkload(workload)}${by ? `, created by ${request.user}` : ''})`;
}

function pssObject(verdict: PssVerdict) {
  return {
    allowed: verdict.allowed,
    policy: formatPssTarget(verdict.target),
    mutated: false,
    reasons: verdict.reasons.map((r) => ({ check: r.check, field: r.field, message: r.message })),
  };
}

function renderPspText(
  verdict: PspVerdict,
  trace: PspTrace,
  request: PspRequest,
  policyCount: number,
): string[] {
  if (verdict.allowed) {
    const how = verdict.mutated ? ' (after applying its defaults to the pod)' : '';
    return [`allowed by PodSecurityPolicy ${verdict.policy}${how}`];
  }
  if (verdict.reasons.length === 0)
    return [`DENIED: ${explainEmptyDenial(trace, request, policyCount)}`];
  return [
    'DENIED by every usable PodSecurityPolicy:',
    ...verdict.reasons.map((r) => `  ${r.policy}: ${r.field}: ${r.message}`),
  ];
}

function renderPssText(verdict: PssVerdict): string[] {
  const target = formatPssTarget(verdict.target);
  if (verdict.allowed) return [`allowed by Pod Security Standard ${target}`];
  return [
    `DENIED by Pod Security Standard ${target}:`,
    ...verdict.reasons.map((r) => `  ${r.check}: ${r.field}: ${r.message}`),
  ];
}

async function loadPolicySet(paths: string[], io: CliIo): Promise<PolicySet> {
  const built = buildPolicySet(await loadManifestPaths(paths));
  for (const warning of built.warnings) io.stderr(`psp-audit evaluate: warning: ${warning}\n`);
  for (const { source, workload } of built.pods) {
    io.stderr(
      `psp-audit evaluate: warning: ${source}: a ${workload?.kind ?? 'Pod'} in --policies is not evaluated (use --pod)\n`,
    );
  }
  return built.policySet;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout(help);
    return 0;
  }
  const policySet =
    options.policies.length > 0 ? await loadPolicySet(options.policies, io) : undefined;
  const podSet = buildPolicySet(await loadManifestPaths(options.pods));
  for (const warning of podSet.warnings) io.stderr(`psp-audit evaluate: warning: ${warning}\n`);
  if (podSet.pods.length === 0)
    throw new UsageError(`no Pod found in --pod ${options.pods.join(', ')}`);

  let denied = 0;
  const emulate = options.request.operation === 'create' && !options.asWritten;
  for (const { source, pod: written, workload } of podSet.pods) {
    const name = podName(written);
    const request = requestFor(options.request, workload);
    // PSP and PSS both judge the pod as admission hands it on (PSS levels all allow the token).
    const pod = emulate ? emulateServiceAccountAdmission(written) : written;
    const psp = policySet ? evaluatePspWithTrace(pod, policySet, request) : undefined;
    const pss = options.pss ? evaluatePss(pod, options.pss) : undefined;
    const allowed = (psp?.verdict.allowed ?? true) && (pss?.allowed ?? true);
    if (!allowed) denied += 1;
    if (options.format === 'json') {
      const base = psp ? psp.verdict : pssObject(pss as PssVerdict);
      const line: Record<string, unknown> = { source, pod: name, ...base, allowed };
      if (psp && pss) line.pss = pssObject(pss);
      io.stdout(`${JSON.stringify(line)}\n`);
      continue;
    }
    const lines: string[] = [];
    if (psp && policySet)
      lines.push(...renderPspText(psp.verdict, psp.trace, request, policySet.policies.length));
    if (pss) lines.push(...renderPssText(pss));
    io.stdout(`${source}  ${name}${originText(workload, request)}: ${lines.join('\n')}\n`);
  }
  if (options.format === 'text') {
    const total = podSet.pods.length;
    io.stdout(
      `${total} pod${total === 1 ? '' : 's'}: ${total - denied} allowed, ${denied} denied\n`,
    );
  }
  return denied > 0 ? 1 : 0;
}

export const evaluateCommand: Command = {
  summary: 'decide which PodSecurityPolicy (or Pod Security Standard) admits each pod',
  run,
};
