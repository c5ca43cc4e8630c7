import { describe, expect, it } from 'vitest';
import { BadRequestError, InvalidPolicyError, PspAuditError } from '../../lib/errors.ts';

describe('errors', () => {
  it('keeps its name after bundling and its cause', () => {
    const cause = new Error('root');
    const error = new InvalidPolicyError('policy "x": spec.runAsUser.rule is required', { cause });
    expect(error.name).toBe('InvalidPolicyError');
    expect(error).toBeInstanceOf(PspAuditError);
    expect(error.cause).toBe(cause);
    expect(new BadRequestError('limit').name).toBe('BadRequestError');
  });
});
