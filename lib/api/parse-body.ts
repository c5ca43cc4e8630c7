/** Request bodies: text decoded by the edge, parsed here with 400s that say what is expected. */
import { BadRequestError } from '../errors.ts';

export function parseJsonObjectBody(body: string | null, usage: string): Record<string, unknown> {
  if (body === null || body.trim() === '') {
    throw new BadRequestError(`request body is required: ${usage}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw new BadRequestError(`request body is not valid JSON${detail}`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestError(`request body must be a JSON object: ${usage}`);
  }
  return value as Record<string, unknown>;
}

export function rejectUnknownFields(body: Record<string, unknown>, accepted: readonly string[]) {
  const unknown = Object.keys(body).filter((name) => !accepted.includes(name));
  if (unknown.length === 0) return;
  throw new BadRequestError(
    `unknown field ${unknown.map((name) => JSON.stringify(name)).join(', ')} in the request body (accepted: ${accepted.join(', ')})`,
  );
}
