/** Builds API Gateway HTTP API (payload 2.0) events the way AWS sends them to a Lambda. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

export interface HttpApiEventOptions {
  method: string;
  /** The route key's path, e.g. `/findings/{id}`. */
  route: string;
  /** The request path, e.g. `/findings/abc`. */
  path?: string;
  /** `undefined`: key absent (AWS); `null`: as serverless-offline sends it. */
  query?: Record<string, string | undefined> | null;
  pathParameters?: Record<string, string>;
  body?: string;
  base64?: boolean;
  contentType?: string;
}

export function httpApiEvent(options: HttpApiEventOptions): APIGatewayProxyEventV2 {
  const path = options.path ?? options.route;
  const query =
    options.query === undefined || options.query === null
      ? options.query
      : (Object.fromEntries(
          Object.entries(options.query).filter(([, value]) => value !== undefined),
        ) as Record<string, string>);
  const rawQueryString =
    query === undefined || query === null ? '' : new URLSearchParams(query).toString();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: `${options.method} ${options.route}`,
    rawPath: path,
    rawQueryString,
    headers: {
      accept: 'application/json',
      host: 'abcd1234.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'awscurl/0.36',
      'x-amz-date': '20261126T190000Z',
      ...(options.contentType === undefined ? {} : { 'content-type': options.contentType }),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcd1234',
      domainName: 'abcd1234.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abcd1234',
      http: {
        method: options.method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'awscurl/0.36',
      },
      requestId: 'Jd8aQh2ZDoEEMgw=',
      routeKey: `${options.method} ${options.route}`,
      stage: '$default',
      time: '26/Nov/2026:19:00:00 +0000',
      timeEpoch: 1795719600000,
    },
    isBase64Encoded: options.base64 === true,
  };
  if (query !== undefined) {
    (event as { queryStringParameters?: unknown }).queryStringParameters = query;
  }
  if (options.pathParameters !== undefined) event.pathParameters = options.pathParameters;
  if (options.body !== undefined) {
    event.body = options.base64
      ? Buffer.from(options.body, 'utf8').toString('base64')
      : options.body;
  }
  return event;
}

export const lambdaContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'psp-audit-dev-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:psp-audit-dev-api',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/psp-audit-dev-api',
  logStreamName: '2026/11/26/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 29_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
