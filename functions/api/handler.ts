/**
 * HTTP API (v2 payload) → the query and dry-run routes of lib/api. Thin: decode the event, call
 * the route, encode JSON; errors become responses in one place (lib/api/map-error.ts).
 */
import type { MiddlewareObj } from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { ApiDeps, ApiRequest, ApiRoute } from '../../lib/api/api-types.ts';
import { mapErrorToResponse } from '../../lib/api/map-error.ts';
import { API_ROUTES } from '../../lib/api/routes.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { logger } from '../../lib/logger.ts';
import { withMiddleware } from '../shared/with-middleware.ts';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

export interface ApiHandlerOptions {
  /** Where unexpected errors are logged; the Powertools logger by default. */
  log?: { error(message: string, extra: Record<string, unknown>): void };
}

/** Builds the API handler over `deps` (the Lambda uses `wiring()`, tests and the local stack their own). */
export function createApiHandler(deps: ApiDeps, options: ApiHandlerOptions = {}) {
  const log = options.log ?? logger;
  const router = httpRouterHandler<Event, Result>({
    routes: API_ROUTES.map(({ method, path, route }) => ({
      method,
      path,
      handler: (event: Event) => serveRoute(route, event, deps),
    })),
    notFoundResponse: ({ method, path }) => {
      throw new NotFoundError(`no route for ${method} ${path}`);
    },
  });
  return withMiddleware<Event, Result>(async (event: Event, context: Context) =>
    router(event, context),
  ).use(mapApiErrors(log));
}

async function serveRoute(route: ApiRoute, event: Event, deps: ApiDeps): Promise<Result> {
  const response = await route(decodeRequest(event), deps);
  return encodeResponse(response.statusCode, response.body);
}

/** HTTP API v2 event → ApiRequest. `queryStringParameters` may be absent or null. */
export function decodeRequest(event: Event): ApiRequest {
  const body =
    event.body === undefined || event.body === null
      ? null
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  return {
    query: definedOnly(event.queryStringParameters),
    pathParameters: definedOnly(event.pathParameters),
    body,
  };
}

function definedOnly(
  record: Record<string, string | undefined> | null | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}

function encodeResponse(statusCode: number, body: unknown): Result {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/** Our errors → 400/404 with their message; anything else → 500, logged, never serialised. */
function mapApiErrors(log: NonNullable<ApiHandlerOptions['log']>): MiddlewareObj<Event, Result> {
  return {
    onError: function mapApiErrorsOnError(request) {
      const mapped = mapErrorToResponse(request.error);
      if (mapped.unexpected) {
        log.error('request failed', {
          error: request.error,
          routeKey: request.event?.routeKey,
          requestId: request.event?.requestContext?.requestId,
        });
      }
      request.response = encodeResponse(mapped.statusCode, mapped.body);
    },
  };
}

let wired: Promise<ReturnType<typeof createApiHandler>> | undefined;

/**
 * The Lambda entry point: adapters from the environment, built once per cold start. The wiring
 * is imported on first use so tests of createApiHandler load no AWS client.
 */
export const handler = async (event: Event, context: Context): Promise<Result> => {
  wired ??= import('../shared/wiring.ts').then(({ wiring }) => {
    const { findings, policies, clock } = wiring();
    return createApiHandler({ findings, policies, clock });
  });
  return (await wired)(event, context);
};
