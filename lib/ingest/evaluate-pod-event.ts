/**
 * What one pod event yields: for a pod change, the PSP and PSS verdicts on the right body (from
 * the plugins that would have judged it: options.checks) and the sensitive hostPath mounts of a
 * new pod; for a debug container, PSS and the risky ephemeral
 * containers; for exec / attach, the session and what its command touches. A pod change with no
 * usable body is an `unevaluated` finding, never a pass.
 */
import { emulateServiceAccountAdmission } from '../admission/emulate-service-account-admission.ts';
import {
  detectRiskyEphemeralContainers,
  detectSensitiveMounts,
  selectAddedEphemeralNames,
} from '../alerts/detect-sensitive-mounts.ts';
import { type CopyActivity, inspectExecRequest } from '../alerts/inspect-exec-command.ts';
import { highestSeverity } from '../alerts/sensitive-paths.ts';
import { isObject } from '../audit/parse-audit-event.ts';
import type { AdmissionChecks } from '../audit/patch-scope.ts';
import { redactArgs, redactPod, redactText } from '../audit/redact.ts';
import { describeMissingBody, type PodEvent, selectPodBody } from '../audit/select-pod-events.ts';
import type { Finding, FindingReason } from '../findings.ts';
import type { Pod } from '../k8s.ts';
import type { PolicySet } from '../policy-set.ts';
import { evaluatePspWithTrace } from '../psp/evaluate-psp.ts';
import { evaluatePss, formatPssTarget, type PssTarget } from '../pss/evaluate-pss.ts';
import {
  buildFinding,
  describePod,
  describeUser,
  type EventContext,
  listSome,
  toUtcTime,
} from './build-finding.ts';
import { describeBadPodShape, isHighRiskPod } from './pod-shape.ts';

/** An exec or attach session: not a finding by itself (see README of the Falco corpus). */
export interface PodSession {
  kind: 'exec' | 'attach';
  auditID: string;
  cluster: string;
  namespace: string;
  pod: string;
  container: string | null;
  user: string;
  time: string;
  /** Redacted argv (exec only; empty for attach). */
  command: string[];
  /** `websocket` for GET (kubectl ≥ 1.30), `spdy` for POST. */
  transport: 'websocket' | 'spdy';
  /** kubectl cp, recognised from its tar command. */
  copy: CopyActivity | null;
  /** True when the command touched a sensitive file (a sensitive-file finding was made). */
  sensitive: boolean;
}

export interface PodEventOutcome {
  /** False when the pod could not be evaluated (an unevaluated finding is among `findings`). */
  evaluated: boolean;
  findings: Finding[];
  /** The sensitive-file finding, which is also announced as an alert. */
  alert: Finding | null;
  session: PodSession | null;
}

export interface PodEventOptions {
  cluster: string;
  policySet: PolicySet;
  pss: PssTarget;
  /**
   * The plugins that would have judged this event (selectAdmissionChecks); by default both for a
   * pod write and PSS alone for a debug container. PSP runs only with policies imported.
   */
  checks?: AdmissionChecks;
}

export function evaluatePodEvent(podEvent: PodEvent, options: PodEventOptions): PodEventOutcome {
  if (podEvent.kind === 'exec' || podEvent.kind === 'attach') {
    return evaluateSession(podEvent, options);
  }
  const context: EventContext = {
    cluster: options.cluster,
    event: podEvent.event,
    action: podEvent.action,
    pod: null,
    policySetVersion: options.policySet.version,
  };
  const body = selectPodBody(podEvent);
  const problem = body === null ? describeMissingBody(podEvent) : describeBadPodShape(body);
  if (body === null || problem !== null) {
    context.pod = body; // for names only: a damaged body is never evaluated
    const finding = unevaluated(context, problem ?? '', 'body');
    return { evaluated: false, findings: [finding], alert: null, session: null };
  }
  const pod = withNamespace(redactPod(body), context);
  context.pod = pod;
  const findings: Finding[] = [];
  const failures: string[] = [];
  // The request body of a create is the pod before admission: PSP and PSS judge it as the
  // ServiceAccount plugin passes it on. A stored pod (responseObject) already went through it.
  // (Inside the guards: a throw there is an evaluator failure like any other.)
  const preAdmission =
    podEvent.kind === 'write' &&
    podEvent.event.verb === 'create' &&
    body !== podEvent.event.responseObject;
  let admitted: Pod | undefined;
  const admit = (): Pod => {
    admitted ??= preAdmission ? emulateServiceAccountAdmission(pod) : pod;
    return admitted;
  };
  const checks = options.checks ?? { psp: podEvent.kind === 'write', pss: true };
  if (podEvent.kind === 'write' && checks.psp && options.policySet.policies.length > 0) {
    findings.push(
      ...(guard(() => pspFindings(context, admit(), options.policySet), 'PSP', failures) ?? []),
    );
  }
  if (checks.pss) {
    findings.push(
      ...(guard(() => pssFindings(context, admit(), options.pss), 'PSS', failures) ?? []),
    );
  }
  const detect = podEvent.kind === 'write' ? mountAlert : debugAlert;
  const alert = guard(() => detect(context, pod), 'sensitive-file', failures) ?? null;
  if (alert !== null) findings.push(alert);
  if (failures.length > 0) {
    const why = `the ${listSome(failures)} evaluation failed on this pod`;
    findings.push(unevaluated(context, why, 'evaluator'));
  }
  return { evaluated: failures.length === 0, findings, alert, session: null };
}

function pspFindings(context: EventContext, pod: Pod, policySet: PolicySet): Finding[] {
  const { event } = context;
  const requester = event.impersonatedUser ?? event.user;
  const createdBySsa = event.verb === 'patch' && event.responseStatus?.code === 201;
  const operation = event.verb === 'create' || createdBySsa ? 'create' : 'update';
  const { verdict, trace } = evaluatePspWithTrace(pod, policySet, {
    user: requester.username,
    groups: requester.groups ?? [],
    operation,
  });
  if (verdict.allowed) return [];
  const reasons: FindingReason[] = verdict.reasons.map((reason) => ({
    policy: reason.policy,
    field: reason.field,
    message: redactText(reason.message),
  }));
  let why: string;
  if (reasons.length > 0) {
    const first = reasons[0] as FindingReason;
    why = `${first.field}: ${first.message}${reasons.length > 1 ? ` (+${reasons.length - 1} more)` : ''}`;
  } else if (trace.mutating.length > 0) {
    why = `on ${operation} only a policy that changes nothing can admit it, and ${listSome(trace.mutating)} would change it`;
  } else if (trace.unauthorized.length > 0) {
    why = `neither the requester nor service account "${trace.serviceAccount}" may use any policy`;
  } else {
    why = 'no policy can be used';
  }
  return [
    buildFinding(context, 'psp-violation', {
      severity: isHighRiskPod(pod) ? 'high' : 'medium',
      summary: `No PodSecurityPolicy admits pod ${describePod(context)} (${context.action} by ${describeUser(event)}): ${why}`,
      reasons,
      details: {
        operation,
        ...(trace.unauthorized.length > 0 ? { unauthorizedPolicies: trace.unauthorized } : {}),
        ...(trace.mutating.length > 0 ? { mutatingPolicies: trace.mutating } : {}),
        ...(trace.ignored.length > 0 ? { ignoredPolicies: trace.ignored.map((p) => p.name) } : {}),
      },
    }),
  ];
}

function pssFindings(context: EventContext, pod: Pod, target: PssTarget): Finding[] {
  const verdict = evaluatePss(pod, target);
  if (verdict.allowed) return [];
  const level = formatPssTarget(verdict.target);
  const checks = verdict.reasons.map((reason) => reason.check);
  return [
    buildFinding(context, 'pss-violation', {
      severity: isHighRiskPod(pod) ? 'high' : 'medium',
      summary: `Pod ${describePod(context)} (${context.action} by ${describeUser(context.event)}) fails PSS ${level}: ${checks.join(', ')}`,
      reasons: verdict.reasons.map((reason) => ({
        check: reason.check,
        field: reason.field,
        message: redactText(reason.message),
      })),
      pss: level,
      details: { fields: Object.fromEntries(verdict.reasons.map((r) => [r.check, r.fields])) },
    }),
  ];
}

/** A new pod (create, or a server-side apply that created it) mounting sensitive host paths. */
function mountAlert(context: EventContext, pod: Pod): Finding | null {
  const event = context.event;
  const created = event.verb === 'create' || event.responseStatus?.code === 201;
  if (!created) return null; // volumes are immutable: an update re-shows what create had
  const mounts = detectSensitiveMounts(pod);
  if (mounts.length === 0) return null;
  const paths = mounts.map((mount) => mount.path);
  return buildFinding(context, 'sensitive-file', {
    severity: highestSeverity(mounts.map((mount) => mount.verdict)),
    summary: `Pod ${describePod(context)} (${context.action} by ${describeUser(event)}) mounts sensitive host path ${listSome(paths)}`,
    reasons: mounts.map((mount) => ({
      field: mount.field,
      message: `hostPath ${mount.path} (${mount.verdict.label})${describeMounts(mount.mounts)}`,
    })),
    details: {
      activity: 'hostPath',
      mounts: mounts.map((mount) => ({
        volume: mount.volume,
        path: mount.path,
        normalizedPath: mount.normalizedPath,
        category: mount.verdict.category,
        mounts: mount.mounts,
      })),
    },
  });
}

/** A debug (ephemeral) container that is privileged or mounts a host path. */
function debugAlert(context: EventContext, pod: Pod): Finding | null {
  const names = selectAddedEphemeralNames(context.event.requestObject);
  const risky = detectRiskyEphemeralContainers(pod, names);
  if (risky.length === 0) return null;
  return buildFinding(context, 'sensitive-file', {
    severity: highestSeverity(risky),
    summary: `Debug container added to pod ${describePod(context)} by ${describeUser(context.event)}: ${risky[0]?.message}${risky.length > 1 ? ` (+${risky.length - 1} more)` : ''}`,
    reasons: risky.map((item) => ({ field: item.field, message: item.message })),
    details: {
      activity: 'ephemeral-container',
      containers: [...new Set(risky.map((r) => r.container))],
    },
  });
}

function evaluateSession(podEvent: PodEvent, options: PodEventOptions): PodEventOutcome {
  const { event } = podEvent;
  const kind = podEvent.kind as 'exec' | 'attach';
  const context: EventContext = {
    cluster: options.cluster,
    event,
    action: kind,
    pod: null,
    policySetVersion: options.policySet.version,
  };
  const inspection = inspectExecRequest(event.requestURI);
  const command = kind === 'exec' ? redactArgs(inspection.command) : [];
  const matches = (kind === 'exec' ? inspection.matches : []).map((match) => ({
    ...match,
    target: redactText(match.target),
  }));
  const found = kind === 'exec' ? inspection.copy : null;
  const copy =
    found === null ? null : { direction: found.direction, paths: found.paths.map(redactText) };
  let alert: Finding | null = null;
  if (matches.length > 0) {
    const targets = matches.map((match) => match.target);
    const what =
      copy === null
        ? `Exec into pod ${describePod(context)} by ${describeUser(event)} ${accessVerb(matches)} ${listSome(targets)}`
        : copy.direction === 'from-pod'
          ? `kubectl cp from pod ${describePod(context)} by ${describeUser(event)} copies ${listSome(targets)}`
          : `kubectl cp into pod ${describePod(context)} by ${describeUser(event)} writes ${listSome(targets)}`;
    alert = buildFinding(context, 'sensitive-file', {
      severity: highestSeverity(matches),
      summary: what,
      reasons: matches.map((match) => ({
        field: match.field,
        message: `${match.access} ${match.target} (${match.label})`,
      })),
      details: {
        activity: copy === null ? 'exec' : 'kubectl-cp',
        container: inspection.container,
        command,
        ...(copy === null ? {} : { copy }),
        matches: matches.map(({ category, access, target }) => ({ category, access, target })),
      },
    });
  }
  const session: PodSession = {
    kind,
    auditID: event.auditID,
    cluster: options.cluster,
    namespace: event.objectRef?.namespace ?? '',
    pod: event.objectRef?.name ?? '',
    container: inspection.container,
    user: event.user.username ?? '',
    time: toUtcTime(event.requestReceivedTimestamp),
    command,
    transport: event.verb === 'get' ? 'websocket' : 'spdy',
    copy,
    sensitive: alert !== null,
  };
  return { evaluated: true, findings: alert === null ? [] : [alert], alert, session };
}

/** `reads`, `writes`, `searches for`, or `touches` when the accesses differ. */
function accessVerb(matches: readonly { access: string }[]): string {
  const accesses = new Set(matches.map((match) => match.access));
  if (accesses.size > 1) return 'touches';
  if (accesses.has('write')) return 'writes';
  return accesses.has('search') ? 'searches for' : 'reads';
}

function unevaluated(context: EventContext, why: string, field: string): Finding {
  return buildFinding(context, 'unevaluated', {
    severity: 'low',
    summary: `Pod ${describePod(context)} (${context.action} by ${describeUser(context.event)}) was not evaluated: ${why}`,
    reasons: [{ field, message: why }],
  });
}

/** The pod's namespace from the event when the body has none (Request-level creates). */
function withNamespace(pod: Pod, context: EventContext): Pod {
  const namespace = context.event.objectRef?.namespace;
  if (namespace === undefined || namespace === '') return pod;
  const metadata = isObject(pod.metadata) ? pod.metadata : {};
  if (typeof metadata.namespace === 'string' && metadata.namespace !== '') return pod;
  return { ...pod, metadata: { ...metadata, namespace } };
}

function describeMounts(mounts: readonly { container: string; mountPath: string }[]): string {
  if (mounts.length === 0) return ', not mounted by any container';
  const list = mounts.map((mount) => `"${mount.container}" at ${mount.mountPath}`);
  return `, mounted by ${listSome(list, 3)}`;
}

/** Runs one evaluation; a throw (a body no evaluator expected) is recorded, not propagated. */
function guard<T>(run: () => T, name: string, failures: string[]): T | undefined {
  try {
    return run();
  } catch {
    failures.push(name);
    return undefined;
  }
}
