import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/handler.ts';
import { MemoryFindingStore, MemoryPolicyStore } from '../../lib/adapters/memory-stores.ts';
import { fixedClock } from './fakes.ts';
import { lambdaContext } from './http-api-event.ts';

function sampleEvent(name: string): APIGatewayProxyEventV2 {
  return JSON.parse(readFileSync(new URL(`../../events/${name}`, import.meta.url), 'utf8'));
}

describe('sample HTTP API events in events/', () => {
  it.each([
    { file: 'api-get-findings.json', status: 200 },
    { file: 'api-get-findings-no-query.json', status: 200 },
    { file: 'api-get-finding.json', status: 404 },
    { file: 'api-get-summary.json', status: 200 },
    { file: 'api-get-policies.json', status: 200 },
    { file: 'api-put-policies.json', status: 200 },
    { file: 'api-delete-policy.json', status: 404 },
    { file: 'api-post-evaluate.json', status: 200 },
  ])('$file answers $status', async ({ file, status }) => {
    const clock = fixedClock('2026-11-26T19:00:00Z');
    const handler = createApiHandler({
      findings: new MemoryFindingStore({ clock }),
      policies: new MemoryPolicyStore({ clock }),
      clock,
    });

    const response = await handler(sampleEvent(file), lambdaContext);

    expect(response.statusCode).toBe(status);
  });

  it('evaluates the sample pod as denied by restricted@v1.25 once the sample policy is stored', async () => {
    const clock = fixedClock('2026-11-26T19:00:00Z');
    const handler = createApiHandler({
      findings: new MemoryFindingStore({ clock }),
      policies: new MemoryPolicyStore({ clock }),
      clock,
    });
    await handler(sampleEvent('api-put-policies.json'), lambdaContext);

    const response = await handler(sampleEvent('api-post-evaluate.json'), lambdaContext);
    const body = JSON.parse(String(response.body));

    expect(body).toMatchObject({
      source: 'request',
      pod: 'team-a/debug',
      allowed: false,
      policy: null,
      policySetVersion: 'v000001',
      pss: { policy: 'restricted@v1.25', allowed: false },
    });
    expect(body.reasons.map((reason: { policy: string }) => reason.policy)).toContain('restricted');
  });
});
