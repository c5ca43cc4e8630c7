import { describe, expect, it } from 'vitest';
import { batchOf, findingKeys, linesOf } from '../../test/helpers/audit-batches.ts';
import { noPolicies, pss, restrictivePolicies } from '../../test/helpers/audit-policies.ts';
import {
  buildAuditEvent,
  SAMPLE_IDS as ID,
  podCreateEvent,
  renderSampleAuditLog,
  toolboxPod,
  webPod,
} from '../audit/sample-events.ts';
import type { PolicySet } from '../policy-set.ts';
import { evaluateBatch } from './evaluate-batch.ts';

const RESTRICTIVE = restrictivePolicies();
const RESTRICTED = pss('restricted@v1.24');
const sampleLines = linesOf(renderSampleAuditLog());
const ALICE = { username: 'alice', groups: ['system:authenticated'] };

describe('Function: evaluateBatch — the sample audit log', () => {
  const result = evaluateBatch(batchOf(sampleLines, { cluster: 'shop-prod' }), {
    policySet: RESTRICTIVE,
    pss: RESTRICTED,
  });

  it('makes exactly the findings the log calls for', () => {
    expect(findingKeys(result)).toEqual(
      [
        `${ID.toolboxCreate}:psp-violation`,
        `${ID.toolboxCreate}:pss-violation`,
        `${ID.logShipperCreate}:psp-violation`,
        `${ID.logShipperCreate}:pss-violation`,
        `${ID.nodeDebuggerCreate}:psp-violation`,
        `${ID.nodeDebuggerCreate}:pss-violation`,
        `${ID.nodeDebuggerCreate}:sensitive-file`,
        `${ID.execShadow}:sensitive-file`,
        `${ID.cpKubeconfig}:sensitive-file`,
        `${ID.metadataOnlyCreate}:unevaluated`,
        `${ID.debugContainer}:pss-violation`,
        `${ID.debugContainer}:sensitive-file`,
      ].sort(),
    );
  });

  it('alerts once for each sensitive-file finding, with its severity', () => {
    expect(result.alerts.map((alert) => [alert.finding.auditID, alert.finding.severity])).toEqual([
      [ID.execShadow, 'high'],
      [ID.cpKubeconfig, 'critical'],
      [ID.nodeDebuggerCreate, 'critical'],
      [ID.debugContainer, 'high'],
    ]);
  });

  it('counts every record in exactly one bucket', () => {
    expect(result.counts).toEqual({
      events: 22,
      podEvents: 15,
      evaluated: 10,
      unevaluated: 1,
      findings: 12,
      alerts: 4,
      malformed: 0,
      skipped: 4,
    });
    expect(result.skippedBy).toEqual({
      'request-received': 1,
      panic: 0,
      failed: 1,
      'dry-run': 1,
      duplicate: 1,
      'insignificant-update': 0,
    });
    // The label patch: PSP judges it (not only ownerReferences / finalizers), PSS does not.
    expect(result.skippedChecks).toEqual({
      'psp-insignificant-update': 0,
      'pss-insignificant-update': 1,
    });
    const { podEvents, evaluated, unevaluated, skipped } = result.counts;
    expect(evaluated + unevaluated + skipped).toBe(podEvents);
  });

  it('fills every finding field from the event and the stored pod', () => {
    const psp = result.findings.find((f) => f.id === `${ID.logShipperCreate}:psp-violation`);
    expect(psp).toMatchObject({
      type: 'psp-violation',
      severity: 'high',
      cluster: 'shop-prod',
      namespace: 'logging',
      pod: 'fluent-bit-h2k9d',
      workload: 'DaemonSet/fluent-bit',
      user: 'system:serviceaccount:kube-system:daemon-set-controller',
      serviceAccount: 'fluent-bit',
      admittedBy: 'eks.privileged',
      action: 'create',
      time: '2026-11-26T09:00:20.500000Z',
      auditID: ID.logShipperCreate,
      policySetVersion: 'v-test',
    });
    expect(psp?.reasons.map((reason) => reason.field)).toEqual([
      'spec.securityContext.hostNetwork',
      'spec.volumes[0]',
      'spec.volumes[1]',
      'spec.containers[0].securityContext.runAsUser',
      'spec.containers[0].hostPort',
    ]);
    const pssFinding = result.findings.find((f) => f.id === `${ID.toolboxCreate}:pss-violation`);
    expect(pssFinding?.pss).toBe('restricted@v1.24');
    expect(pssFinding?.reasons.map((reason) => reason.check)).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'privileged',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
  });

  it('records the Metadata-level create as unevaluated, never as compliant', () => {
    const unevaluated = result.findings.find((f) => f.type === 'unevaluated');
    expect(unevaluated).toMatchObject({
      namespace: 'reports',
      pod: 'report-generator-0',
      serviceAccount: null,
      severity: 'low',
      summary:
        'Pod reports/report-generator-0 (create by system:serviceaccount:kube-system:statefulset-controller) was not evaluated: no pod body: the event was logged at Metadata level',
    });
  });

  it('says what an exec did to which file', () => {
    const exec = result.findings.find((f) => f.id === `${ID.execShadow}:sensitive-file`);
    expect(exec?.summary).toMatch(
      /^Exec into pod shop\/web-7c9f8d6b5-q8z4m by .+ reads \/etc\/shadow$/,
    );
    expect(exec?.reasons).toEqual([
      { field: 'command[1]', message: 'read /etc/shadow (system credential file)' },
    ]);
  });

  it('describes kubectl cp and the exec it alerts on', () => {
    const cp = result.findings.find((f) => f.id === `${ID.cpKubeconfig}:sensitive-file`);
    expect(cp?.summary).toBe(
      'kubectl cp from pod tools/admin-box by kubernetes-admin copies /root/.kube/config',
    );
    expect(cp?.details).toEqual({
      activity: 'kubectl-cp',
      container: 'admin-box',
      command: ['tar', 'cf', '-', '/root/.kube/config'],
      copy: { direction: 'from-pod', paths: ['/root/.kube/config'] },
      matches: [{ category: 'kubeconfig', access: 'read', target: '/root/.kube/config' }],
    });
  });

  it('lists exec sessions, redacted, sensitive or not', () => {
    expect(result.sessions.map((s) => [s.auditID, s.command, s.transport, s.sensitive])).toEqual([
      [ID.execShadow, ['cat', '/etc/shadow'], 'spdy', true],
      [ID.cpKubeconfig, ['tar', 'cf', '-', '/root/.kube/config'], 'websocket', true],
      [
        ID.execPassword,
        ['psql', 'postgresql://app:[REDACTED]@localhost:5432/payments', '-c', 'select 1'],
        'websocket',
        false,
      ],
      [ID.execShell, ['sh'], 'spdy', false],
    ]);
  });

  it('lets no secret of the log through', () => {
    const text = JSON.stringify(result);
    for (const secret of ['hunter2', 'wJalrXUtnFEMI', 'AKIAIOSFODNN7EXAMPLE', 'sk_live_']) {
      expect(sampleLines.join('\n')).toContain(secret);
      expect(text).not.toContain(secret);
    }
  });
});

describe('Function: evaluateBatch — once per auditID', () => {
  it('acts on a redelivered batch once when given the seen set, and finds the same again without', () => {
    const seen = new Set<string>();
    const first = evaluateBatch(batchOf(sampleLines), {
      policySet: RESTRICTIVE,
      pss: RESTRICTED,
      seen,
    });
    const again = evaluateBatch(batchOf(sampleLines), {
      policySet: RESTRICTIVE,
      pss: RESTRICTED,
      seen,
    });
    const fresh = evaluateBatch(batchOf(sampleLines), { policySet: RESTRICTIVE, pss: RESTRICTED });
    expect(again.findings).toEqual([]);
    expect(again.counts.skipped).toBe(first.counts.podEvents);
    expect(findingKeys(fresh)).toEqual(findingKeys(first));
  });

  it('leaves the auditID open after a RequestReceived stage, for the final stage to decide', () => {
    const received = podCreateEvent({
      auditID: 'a-1',
      at: 1,
      user: ALICE,
      pod: toolboxPod(),
      stage: 'RequestReceived',
    });
    const complete = podCreateEvent({ auditID: 'a-1', at: 1, user: ALICE, pod: toolboxPod() });
    const seen = new Set<string>();
    const options = { policySet: RESTRICTIVE, pss: RESTRICTED, seen };
    expect(evaluateBatch(batchOf([received]), options).counts.skipped).toBe(1);
    expect(seen.has('a-1')).toBe(false);
    expect(findingKeys(evaluateBatch(batchOf([complete, complete]), options))).toEqual([
      'a-1:psp-violation',
      'a-1:pss-violation',
    ]);
  });
});

describe('Function: evaluateBatch — which body, which operation', () => {
  const create = (patch: Record<string, unknown> = {}) => ({
    ...podCreateEvent({ auditID: 'b-1', at: 1, user: ALICE, pod: toolboxPod() }),
    ...patch,
  });
  const run = (event: object, policySet: PolicySet = RESTRICTIVE) =>
    evaluateBatch(batchOf([event]), { policySet, pss: RESTRICTED });

  it('produces no psp-violation with an empty policy set', () => {
    expect(findingKeys(run(create(), noPolicies()))).toEqual(['b-1:pss-violation']);
  });

  it('evaluates a Request-level create from its request body, in the namespace of objectRef', () => {
    const event = create({ level: 'Request', responseObject: undefined });
    const request = event.requestObject as { metadata: Record<string, unknown> };
    delete request.metadata.namespace;
    const result = run(event);
    expect(result.counts.evaluated).toBe(1);
    expect(result.findings.map((f) => [f.type, f.namespace, f.pod, f.serviceAccount])).toEqual([
      ['psp-violation', 'shop', 'toolbox', 'default'],
      ['pss-violation', 'shop', 'toolbox', 'default'],
    ]);
  });

  it('never evaluates a patch document: a patch without the stored pod is unevaluated', () => {
    const event = create({ verb: 'patch', level: 'Request', responseObject: undefined });
    expect(run(event).findings.map((f) => [f.type, f.summary])).toEqual([
      [
        'unevaluated',
        'Pod shop/toolbox (patch by alice) was not evaluated: no stored pod in responseObject, and a patch document is not a pod',
      ],
    ]);
  });

  it('evaluates a server-side apply that created the pod (patch, 201) as a create', () => {
    const result = run(create({ verb: 'patch', requestObject: { apiVersion: 'v1', kind: 'Pod' } }));
    expect(result.findings.find((f) => f.type === 'psp-violation')?.details).toEqual({
      operation: 'create',
    });
  });

  it('evaluates an update against policies that must admit the pod unchanged', () => {
    const update = podCreateEvent({ auditID: 'u-1', at: 1, user: ALICE, pod: webPod() });
    const withoutAppArmor = structuredClone(update.responseObject) as {
      metadata: { annotations: Record<string, string> };
    };
    delete withoutAppArmor.metadata.annotations[
      'container.apparmor.security.beta.kubernetes.io/app'
    ];
    const result = run({
      ...update,
      verb: 'update',
      responseStatus: { code: 200 },
      responseObject: withoutAppArmor,
    });
    const psp = result.findings.find((f) => f.type === 'psp-violation');
    expect(psp?.reasons).toEqual([]);
    expect(psp?.details).toEqual({ operation: 'update', mutatingPolicies: ['eks.restrictive'] });
    expect(psp?.summary).toMatch(
      /on update only a policy that changes nothing can admit it, and eks\.restrictive would change it$/,
    );
  });

  it('asks PSP for the impersonated user, and reports the real one', () => {
    const policySet: PolicySet = {
      ...RESTRICTIVE,
      rbac: {
        clusterRoles: RESTRICTIVE.rbac?.clusterRoles ?? [],
        clusterRoleBindings: [
          {
            metadata: { name: 'bob-may-use-restrictive' },
            roleRef: {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'ClusterRole',
              name: 'eks:podsecuritypolicy:restrictive',
            },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' }],
          },
        ],
        roles: [],
        roleBindings: [],
      },
    };
    const web = podCreateEvent({ auditID: 'i-1', at: 1, user: ALICE, pod: webPod() });
    const asBob = {
      ...web,
      impersonatedUser: { username: 'bob', groups: ['system:authenticated'] },
    };
    const denied = run(web, policySet).findings.find((f) => f.type === 'psp-violation');
    expect(denied?.summary).toMatch(
      /neither the requester nor service account "web" may use any policy$/,
    );
    const allowed = run(asBob, policySet);
    expect(allowed.findings).toEqual([]);
  });

  it('records a damaged pod body as unevaluated with the reason', () => {
    const event = create();
    (event.responseObject as { spec: unknown }).spec = { containers: 'toolbox' };
    const result = run(event);
    expect(result.counts).toMatchObject({ evaluated: 0, unevaluated: 1 });
    expect(result.findings.map((f) => f.reasons)).toEqual([
      [{ field: 'body', message: 'spec.containers must be a non-empty list' }],
    ]);
  });

  it('skips failed and dry-run requests, whatever their bodies say', () => {
    const failed = create({ responseStatus: { code: 422 } });
    const dryRun = create({
      auditID: 'b-2',
      requestURI: '/api/v1/namespaces/shop/pods?dryRun=All',
    });
    const result = evaluateBatch(batchOf([failed, dryRun]), {
      policySet: RESTRICTIVE,
      pss: RESTRICTED,
    });
    expect(result.findings).toEqual([]);
    expect(result.skippedBy).toMatchObject({ failed: 1, 'dry-run': 1 });
  });
});

describe('Function: evaluateBatch — bad records', () => {
  it('reports each with its record id, index, auditID when readable and reason, and goes on', () => {
    // Prepare
    const good = podCreateEvent({ auditID: 'g-1', at: 1, user: ALICE, pod: toolboxPod() });
    const truncated = `${JSON.stringify(good).slice(0, 300)}[Truncated...]`;
    const wrongType = JSON.stringify({
      ...good,
      auditID: 'w-1',
      objectRef: { resource: 'pods', namespace: 7 },
    });
    const input = batchOf(['{"kind": 0}', truncated, 'not json', wrongType, good], { prefix: 'r' });
    input.records.push({ id: 'odd', message: 42 as unknown as string });
    // Act
    const result = evaluateBatch(input, { policySet: RESTRICTIVE, pss: RESTRICTED });
    // Assess
    expect(result.rejected).toEqual([
      {
        recordId: 'r#0',
        index: 0,
        auditID: null,
        reason: 'not an audit Event: kind must be "Event", got 0',
      },
      {
        recordId: 'r#1',
        index: 1,
        auditID: 'g-1',
        reason: 'truncated by the log pipeline (ends with [Truncated...], 314 characters)',
      },
      { recordId: 'r#2', index: 2, auditID: null, reason: 'not JSON: syntax error (8 characters)' },
      {
        recordId: 'r#3',
        index: 3,
        auditID: 'w-1',
        reason: 'objectRef.namespace must be a string, got number',
      },
      { recordId: 'odd', index: 5, auditID: null, reason: 'message must be a string, got number' },
    ]);
    expect(result.counts).toMatchObject({ events: 1, malformed: 5, podEvents: 1, evaluated: 1 });
    expect(findingKeys(result)).toEqual(['g-1:psp-violation', 'g-1:pss-violation']);
  });

  it('takes a batch with no records', () => {
    const result = evaluateBatch(
      { cluster: 'c', records: [] },
      { policySet: RESTRICTIVE, pss: RESTRICTED },
    );
    expect(result.counts.events).toBe(0);
  });

  it('reads a non-pod event from its raw text without parsing it', () => {
    const lease = buildAuditEvent({
      auditID: 'l-1',
      level: 'Metadata',
      requestURI: '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n',
      verb: 'update',
      user: { username: 'system:node:n', groups: ['system:nodes'] },
      objectRef: { resource: 'leases', apiGroup: 'coordination.k8s.io' },
      at: 1,
    });
    // A wrong type in a non-pod event is never looked at: it cannot make a finding.
    const result = evaluateBatch(batchOf([{ ...lease, verb: 3 }]), {
      policySet: RESTRICTIVE,
      pss: RESTRICTED,
    });
    expect(result.counts).toMatchObject({ events: 1, malformed: 0, podEvents: 0 });
  });
});
