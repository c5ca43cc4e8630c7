import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler as apiHandler } from '../../functions/api/handler.ts';
import { handler as digestHandler } from '../../functions/digest/handler.ts';
import { httpApiEvent, lambdaContext } from './http-api-event.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Lambda entry points', () => {
  it('the API handler fails naming every missing variable when the environment is incomplete', async () => {
    vi.stubEnv('FINDINGS_TABLE', '');
    vi.stubEnv('POLICIES_TABLE', '');

    await expect(
      apiHandler(httpApiEvent({ method: 'GET', route: '/findings' }), lambdaContext),
    ).rejects.toThrow(
      'invalid configuration: FINDINGS_TABLE is not set; POLICIES_TABLE is not set',
    );
  });

  it('the digest handler fails naming every missing variable when the environment is incomplete', async () => {
    vi.stubEnv('FINDINGS_TABLE', '');
    vi.stubEnv('DIGEST_TOPIC_ARN', '');
    const event = JSON.parse(
      readFileSync(new URL('../../events/schedule-digest-1h.json', import.meta.url), 'utf8'),
    );

    await expect(digestHandler(event, lambdaContext)).rejects.toThrow(
      'invalid configuration: FINDINGS_TABLE is not set; DIGEST_TOPIC_ARN is not set',
    );
  });
});
