/**
 * Turns a Node HTTP request into the API Gateway HTTP API (payload 2.0) event AWS would deliver,
 * and the handler's result back into an HTTP response, so the local stack runs the real API
 * handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

const routes: { method: string; pattern: RegExp; routeKey: string; params: string[] }[] = [
  { method: 'GET', pattern: /^\/findings$/, routeKey: 'GET /findings', params: [] },
  {
    method: 'GET',
    pattern: /^\/findings\/([^/]+)$/,
    routeKey: 'GET /findings/{id}',
    params: ['id'],
  },
  { method: 'GET', pattern: /^\/summary$/, routeKey: 'GET /summary', params: [] },
  { method: 'GET', pattern: /^\/policies$/, routeKey: 'GET /policies', params: [] },
  { method: 'PUT', pattern: /^\/policies$/, routeKey: 'PUT /policies', params: [] },
  {
    method: 'DELETE',
    pattern: /^\/policies\/([^/]+)\/([^/]+)$/,
    routeKey: 'DELETE /policies/{kind}/{name}',
    params: ['kind', 'name'],
  },
  { method: 'POST', pattern: /^\/evaluate$/, routeKey: 'POST /evaluate', params: [] },
];

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function toApiEvent(request: IncomingMessage): Promise<APIGatewayProxyEventV2> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  const route = routes.find((r) => r.method === method && r.pattern.test(url.pathname));
  const match = route?.pattern.exec(url.pathname);
  const pathParameters = route?.params.length
    ? Object.fromEntries(
        route.params.map((name, i) => [name, decodeURIComponent(match?.[i + 1] ?? '')]),
      )
    : undefined;
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams)
    query[key] = key in query ? `${query[key]},${value}` : value;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(',') : value;
  }
  const body = await readBody(request);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: route?.routeKey ?? '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `local-${now.getTime()}`,
      routeKey: route?.routeKey ?? '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0
      ? { body: body.toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  };
}

export function writeApiResult(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === 'string' || result === undefined || result === null) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(typeof result === 'string' ? result : '');
    return;
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(result.headers ?? {})) headers[key] = String(value);
  response.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
