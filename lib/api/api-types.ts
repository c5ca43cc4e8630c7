/**
 * The API's view of a request and a response, free of API Gateway and middy: routes are
 * functions of (ApiRequest, ApiDeps) so they are tested without AWS.
 */
import type { Clock, FindingStore, PolicyStore } from '../ports.ts';

export interface ApiRequest {
  /** Query string parameters; API Gateway joins repeated ones with commas. */
  query: Readonly<Record<string, string>>;
  pathParameters: Readonly<Record<string, string>>;
  /** The body as text (already decoded from base64), or null. */
  body: string | null;
}

export interface ApiResponse {
  statusCode: number;
  body: unknown;
}

export interface ApiDeps {
  findings: FindingStore;
  policies: PolicyStore;
  clock: Clock;
}

export type ApiRoute = (request: ApiRequest, deps: ApiDeps) => Promise<ApiResponse>;

export function ok(body: unknown): ApiResponse {
  return { statusCode: 200, body };
}
