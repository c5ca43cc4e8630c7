import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/handler.ts';
import { NO_POLICIES_NOTE } from '../../lib/api/evaluate-route.ts';
import type { PolicySet } from '../../lib/policy-set.ts';
import type { PodSecurityPolicy } from '../../lib/psp/types.ts';
import { LATEST_PSS_VERSION } from '../../lib/pss/evaluate-pss.ts';
import { FakeFindingStore, FakePolicyStore, fixedClock } from './fakes.ts';
import { httpApiEvent, lambdaContext } from './http-api-event.ts';

function policy(name: string, privileged: boolean): PodSecurityPolicy {
  return {
    apiVersion: 'policy/v1beta1',
    kind: 'PodSecurityPolicy',
    metadata: { name },
    spec: {
      privileged,
      seLinux: { rule: 'RunAsAny' },
      runAsUser: { rule: 'RunAsAny' },
      supplementalGroups: { rule: 'RunAsAny' },
      fsGroup: { rule: 'RunAsAny' },
      volumes: ['*'],
    },
  };
}

const privilegedPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'debug', namespace: 'ops' },
  spec: {
    containers: [{ name: 'shell', image: 'busybox', securityContext: { privileged: true } }],
  },
};

let policies: FakePolicyStore;

async function evaluate(body: unknown, options: { base64?: boolean; raw?: string } = {}) {
  const handler = createApiHandler(
    { findings: new FakeFindingStore(), policies, clock: fixedClock('2026-11-26T19:00:00Z') },
    { log: { error: () => undefined } },
  );
  const response = await handler(
    httpApiEvent({
      method: 'POST',
      route: '/evaluate',
      body: options.raw ?? JSON.stringify(body),
      base64: options.base64,
      contentType: 'application/json',
    }),
    lambdaContext,
  );
  return { statusCode: response.statusCode, body: JSON.parse(String(response.body)) };
}

beforeEach(() => {
  policies = new FakePolicyStore();
});

describe('POST /evaluate', () => {
  it('denies a privileged pod no stored policy admits, naming policy and field', async () => {
    policies.policySet = { policies: [policy('restricted', false)], rbac: null, version: 'v7' };

    const response = await evaluate({ pod: privilegedPod, user: 'alice', groups: ['dev'] });

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({
      source: 'request',
      pod: 'ops/debug',
      allowed: false,
      policy: null,
      mutated: false,
      policySetVersion: 'v7',
    });
    expect(response.body.reasons).toEqual([
      expect.objectContaining({
        policy: 'restricted',
        field: expect.stringContaining('privileged'),
      }),
    ]);
    expect(response.body.pss).toBeUndefined();
  });

  it('is allowed only when both the policies and the PSS level allow (body base64-encoded)', async () => {
    policies.policySet = { policies: [policy('privileged', true)], rbac: null, version: 'v8' };

    const response = await evaluate(
      { pod: privilegedPod, user: 'alice', pss: 'baseline@v1.25' },
      { base64: true },
    );

    expect(response.body).toMatchObject({
      pod: 'ops/debug',
      allowed: false,
      policy: 'privileged',
      mutated: false,
      reasons: [],
      pss: {
        policy: 'baseline@v1.25',
        allowed: false,
        reasons: [expect.objectContaining({ check: 'privileged' })],
      },
    });
    expect(Object.keys(response.body.pss.reasons[0]).sort()).toEqual(['check', 'field', 'message']);
  });

  it('explains a denial without reasons: no stored policy may be used by the requester', async () => {
    policies.policySet = {
      policies: [policy('privileged', true)],
      rbac: { clusterRoles: [], clusterRoleBindings: [], roles: [], roleBindings: [] },
      version: 'v9',
    };

    const response = await evaluate({ pod: privilegedPod, user: 'alice' });

    expect(response.body).toMatchObject({ allowed: false, policy: null, reasons: [] });
    expect(response.body.notes).toEqual([
      'neither user "alice" (no groups) nor service account ops/default may use privileged',
    ]);
  });

  it('says PSP was not evaluated when no policies are stored', async () => {
    const response = await evaluate({ pod: privilegedPod, pss: 'privileged' });

    expect(response.body).toEqual({
      source: 'request',
      pod: 'ops/debug',
      allowed: true,
      policy: null,
      mutated: false,
      reasons: [],
      pss: {
        policy: `privileged@${LATEST_PSS_VERSION}`,
        allowed: true,
        reasons: [],
      },
      policySetVersion: null,
      psp: 'not evaluated',
      notes: [NO_POLICIES_NOTE],
    });
  });

  it('answers allowed null when nothing could be evaluated', async () => {
    const response = await evaluate({ pod: privilegedPod });

    expect(response.body.allowed).toBeNull();
    expect(response.body.notes).toEqual([NO_POLICIES_NOTE]);
  });

  const usage =
    '{"pod": {...}, "user": "alice", "groups": ["dev"], "pss": "restricted@v1.25", "asWritten": false} (pod required, or "workload": {...} instead)';
  it.each([
    { name: 'an empty body', raw: '', message: `request body is required: ${usage}` },
    {
      name: 'malformed JSON',
      raw: '{"pod":',
      message: 'request body is not valid JSON: Unexpected end of JSON input',
    },
    { name: 'a list', raw: '[]', message: `request body must be a JSON object: ${usage}` },
    { name: 'no pod', raw: '{"user":"alice"}', message: `pod must be a Pod object: ${usage}` },
    {
      name: 'another kind',
      raw: '{"pod":{"kind":"Deployment","spec":{}}}',
      message: 'pod.kind must be Pod, got "Deployment"',
    },
    {
      name: 'a pod without name',
      raw: '{"pod":{"kind":"Pod","metadata":{},"spec":{"containers":[{"name":"a"}]}}}',
      message: 'pod: metadata.name is required (or metadata.generateName)',
    },
    {
      name: 'a pod without containers',
      raw: '{"pod":{"metadata":{"name":"x"},"spec":{}}}',
      message: 'pod: spec.containers must be a list of at least one container',
    },
    {
      name: 'an unknown field',
      raw: '{"pod":{"metadata":{"name":"x"},"spec":{"containers":[{"name":"a"}]}},"group":"dev"}',
      message:
        'unknown field "group" in the request body (accepted: pod, workload, user, groups, pss, asWritten)',
    },
    {
      name: 'groups as a string',
      raw: '{"pod":{"metadata":{"name":"x"},"spec":{"containers":[{"name":"a"}]}},"groups":"dev"}',
      message: 'groups must be a list of strings',
    },
    {
      name: 'an unknown PSS level',
      raw: '{"pod":{"metadata":{"name":"x"},"spec":{"containers":[{"name":"a"}]}},"pss":"strict"}',
      message: expect.stringMatching(
        /^pss: PSS target "strict" is not valid: expected <level>\[@<version>\] with level one of privileged, baseline, restricted and version one of v1\.0, .* or latest$/,
      ),
    },
  ])('answers 400 for $name', async ({ raw, message }) => {
    const response = await evaluate(undefined, { raw });

    expect(response).toEqual({ statusCode: 400, body: { message } });
  });
});

const privilegedDaemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'monitoring' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: {
        serviceAccountName: 'agent',
        containers: [
          { name: 'agent', image: 'example.com/agent:1', securityContext: { privileged: true } },
        ],
      },
    },
  },
};

/** `privileged` usable through the group of the kube-system service accounts only. */
function controllerGrant(version: string): PolicySet {
  return {
    policies: [policy('privileged', true)],
    rbac: {
      clusterRoles: [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'psp:privileged' },
          rules: [
            {
              apiGroups: ['policy'],
              resources: ['podsecuritypolicies'],
              resourceNames: ['privileged'],
              verbs: ['use'],
            },
          ],
        },
      ],
      clusterRoleBindings: [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'psp:privileged:controllers' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'psp:privileged',
          },
          subjects: [
            {
              kind: 'Group',
              apiGroup: 'rbac.authorization.k8s.io',
              name: 'system:serviceaccounts:kube-system',
            },
          ],
        },
      ],
      roles: [],
      roleBindings: [],
    },
    version,
  };
}

describe('POST /evaluate with a workload', () => {
  it('judges the pod a DaemonSet would create, requested by the daemon-set-controller', async () => {
    policies.policySet = controllerGrant('v10');

    const response = await evaluate({ workload: privilegedDaemonSet });

    expect(response).toEqual({
      statusCode: 200,
      body: {
        source: 'request',
        pod: 'monitoring/agent-',
        allowed: true,
        policy: 'privileged',
        mutated: false,
        reasons: [],
        policySetVersion: 'v10',
        notes: [
          "DaemonSet/agent's pod template, requested by system:serviceaccount:kube-system:daemon-set-controller (the controller that creates its pods)",
        ],
      },
    });
  });

  it('honours a given user instead of the controller', async () => {
    policies.policySet = controllerGrant('v11');

    const response = await evaluate({ workload: privilegedDaemonSet, user: 'alice' });

    expect(response).toEqual({
      statusCode: 200,
      body: {
        source: 'request',
        pod: 'monitoring/agent-',
        allowed: false,
        policy: null,
        mutated: false,
        reasons: [],
        policySetVersion: 'v11',
        notes: [
          "DaemonSet/agent's pod template",
          'neither user "alice" (no groups) nor service account monitoring/agent may use privileged',
        ],
      },
    });
  });

  it('reads a CronJob template from spec.jobTemplate.spec.template (job-controller)', async () => {
    policies.policySet = controllerGrant('v12');
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'finance' },
      spec: {
        schedule: '@daily',
        jobTemplate: { spec: { template: privilegedDaemonSet.spec.template } },
      },
    };

    const response = await evaluate({ workload: cronJob });

    expect(response.body).toMatchObject({
      pod: 'finance/nightly-',
      allowed: true,
      policy: 'privileged',
      notes: [
        "CronJob/nightly's pod template, requested by system:serviceaccount:kube-system:job-controller (the controller that creates its pods)",
      ],
    });
  });

  it.each([
    {
      name: 'both pod and workload',
      body: { pod: privilegedPod, workload: privilegedDaemonSet },
      message: 'give either pod or workload, not both',
    },
    {
      name: 'a workload that is not an object',
      body: { workload: 'web' },
      message:
        'workload must be an object of kind Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController, PodTemplate: {"pod": {...}, "user": "alice", "groups": ["dev"], "pss": "restricted@v1.25", "asWritten": false} (pod required, or "workload": {...} instead)',
    },
    {
      name: 'a workload of another kind',
      body: { workload: { ...privilegedDaemonSet, kind: 'Service' } },
      message:
        'workload.kind must be one of Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController, PodTemplate, got "Service"',
    },
    {
      name: 'a workload of another API group',
      body: { workload: { ...privilegedDaemonSet, apiVersion: 'example.com/v1' } },
      message: 'workload.apiVersion "example.com/v1" does not serve the Kubernetes DaemonSet',
    },
    {
      name: 'a workload template without containers',
      body: {
        workload: {
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: { template: { spec: { containers: [] } } },
        },
      },
      message: 'workload: spec.template.spec.containers must be a list of at least one container',
    },
  ])('answers 400 for $name', async ({ body, message }) => {
    const response = await evaluate(body);

    expect(response).toEqual({ statusCode: 400, body: { message } });
  });
});
