/**
 * `POST /evaluate` is a dry-run create: the pod is judged as the ServiceAccount admission plugin
 * hands it on to PSP (token volume added), unless `"asWritten": true`.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/handler.ts';
import type { PodSecurityPolicy } from '../../lib/psp/types.ts';
import { FakeFindingStore, FakePolicyStore, fixedClock } from './fakes.ts';
import { httpApiEvent, lambdaContext } from './http-api-event.ts';

function policy(name: string, volumes: string[]): PodSecurityPolicy {
  return {
    apiVersion: 'policy/v1beta1',
    kind: 'PodSecurityPolicy',
    metadata: { name },
    spec: {
      seLinux: { rule: 'RunAsAny' },
      runAsUser: { rule: 'RunAsAny' },
      supplementalGroups: { rule: 'RunAsAny' },
      fsGroup: { rule: 'RunAsAny' },
      volumes,
    },
  };
}

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'plain', namespace: 'apps' },
  spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }] },
};

let policies: FakePolicyStore;

async function evaluate(body: unknown) {
  const handler = createApiHandler(
    { findings: new FakeFindingStore(), policies, clock: fixedClock('2026-11-26T19:00:00Z') },
    { log: { error: () => undefined } },
  );
  const response = await handler(
    httpApiEvent({
      method: 'POST',
      route: '/evaluate',
      body: JSON.stringify(body),
      contentType: 'application/json',
    }),
    lambdaContext,
  );
  return { statusCode: response.statusCode, body: JSON.parse(String(response.body)) };
}

beforeEach(() => {
  policies = new FakePolicyStore();
  policies.policySet = {
    policies: [policy('config-only', ['configMap', 'emptyDir'])],
    rbac: null,
    version: 'v3',
  };
});

describe('POST /evaluate and the ServiceAccount admission plugin', () => {
  it('denies a pod with no volumes for the token volume the plugin adds (default)', async () => {
    const response = await evaluate({ pod, pss: 'restricted@v1.25' });

    expect(response).toEqual({
      statusCode: 200,
      body: {
        source: 'request',
        pod: 'apps/plain',
        allowed: false,
        policy: null,
        mutated: false,
        reasons: [
          {
            policy: 'config-only',
            field: 'spec.volumes[0]',
            message:
              'projected volumes are not allowed to be used (volume "kube-api-access-emulated")',
          },
        ],
        pss: expect.objectContaining({ policy: 'restricted@v1.25', allowed: false }),
        policySetVersion: 'v3',
      },
    });
    // PSS judges the same pod; no level objects to the token volume.
    const checks = response.body.pss.reasons.map((r: { check: string }) => r.check);
    expect(checks).not.toContain('restrictedVolumes');
  });

  it('"asWritten": false is the default behaviour', async () => {
    const response = await evaluate({ pod, asWritten: false });

    expect(response.body).toMatchObject({
      allowed: false,
      reasons: [{ field: 'spec.volumes[0]' }],
    });
  });

  it('"asWritten": true judges the pod as given: allowed', async () => {
    const response = await evaluate({ pod, asWritten: true });

    expect(response).toEqual({
      statusCode: 200,
      body: {
        source: 'request',
        pod: 'apps/plain',
        allowed: true,
        policy: 'config-only',
        mutated: false,
        reasons: [],
        policySetVersion: 'v3',
      },
    });
  });

  it('a policy listing secret admits the token volume (the projected-token exception)', async () => {
    policies.policySet = { policies: [policy('secrets', ['secret'])], rbac: null, version: 'v4' };

    const response = await evaluate({ pod });

    expect(response.body).toMatchObject({ allowed: true, policy: 'secrets', reasons: [] });
  });

  it('answers 400 for an asWritten that is not a boolean', async () => {
    const response = await evaluate({ pod, asWritten: 'yes' });

    expect(response).toEqual({
      statusCode: 400,
      body: { message: 'asWritten must be true or false' },
    });
  });
});
