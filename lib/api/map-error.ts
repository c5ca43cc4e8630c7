/**
 * The one place errors become HTTP responses: bad input is a 400 with our message, an unknown
 * thing a 404, anything else a 500 with a generic message (the error is logged by the edge,
 * never serialised).
 */
import { BadRequestError, InvalidManifestError, NotFoundError } from '../errors.ts';
import type { ApiResponse } from './api-types.ts';

export interface MappedError extends ApiResponse {
  body: { message: string };
  /** True when the error is unexpected and must be logged. */
  unexpected: boolean;
}

export const INTERNAL_ERROR_MESSAGE = 'internal error; see the function logs';

export function mapErrorToResponse(error: unknown): MappedError {
  if (error instanceof BadRequestError || error instanceof InvalidManifestError) {
    return { statusCode: 400, body: { message: error.message }, unexpected: false };
  }
  if (error instanceof NotFoundError) {
    return { statusCode: 404, body: { message: error.message }, unexpected: false };
  }
  return { statusCode: 500, body: { message: INTERNAL_ERROR_MESSAGE }, unexpected: true };
}
