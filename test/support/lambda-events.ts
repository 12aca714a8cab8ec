/**
 * Lambda events as AWS documents them, for invoking the handler in process:
 * - REST API (payload 1.0): "Input format of a Lambda function for proxy integration" (API Gateway
 *   developer guide). `path` has no stage; `requestContext.path` has it. Both `headers` (last value)
 *   and `multiValueHeaders` are sent. API Gateway adds X-Forwarded-For (the client appended to what
 *   the client sent), X-Forwarded-Port and X-Forwarded-Proto; an edge-optimized API's CloudFront
 *   appends its own address after the client's (`sourceIp` stays the client: "what does the
 *   x-forwarded-for note in the docs mean", AWS re:Post).
 * - HTTP API payload 1.0 and 2.0: "Create AWS Lambda proxy integrations for HTTP APIs". 2.0 has no
 *   multi-value fields (duplicates are comma-joined), lowercase header names, a `cookies` array, and a
 *   named stage at the start of `rawPath`.
 * - Function URL: "Invoking Lambda function URLs": the 2.0 shape, stage `$default`, a
 *   `<url-id>.lambda-url.<region>.on.aws` domain; x-forwarded-for/-proto/-port as in the HTTP API.
 * - ALB: "Using Lambda functions as targets of an Application Load Balancer": `requestContext.elb`,
 *   `headers` or, with multi-value headers turned on for the target group, `multiValueHeaders`;
 *   the load balancer appends the client to X-Forwarded-For.
 */
import type { LambdaContext } from 'hono/aws-lambda';

export interface RequestSpec {
  method?: string;
  /** Path as the client asked for it, after the stage if any. */
  path: string;
  query?: Record<string, string[]>;
  /** Header name -> values (several values: a multi-value header). */
  headers?: Record<string, string[]>;
  cookies?: string[];
  body?: string | Buffer;
  sourceIp?: string;
  /** X-Forwarded-For entries the client sent itself; the front end appends the client after them. */
  forwardedFor?: string[];
  /** A hand-made event (console test event, direct invoke) without X-Forwarded-For. */
  withoutForwardedFor?: boolean;
}

/** The X-Forwarded-For the front end passes on: the client's own entries, then the client. */
function forwardedFor(spec: RequestSpec, client: string, after: string[] = []): Record<string, string[]> {
  return spec.withoutForwardedFor ? {} : { 'X-Forwarded-For': [[...(spec.forwardedFor ?? []), client, ...after].join(', ')] };
}

const REGION = 'eu-west-3';
const TIME = { time: '24/Nov/2026:21:00:00 +0000', timeEpoch: 1795640400000 };

function encodeBody(body: RequestSpec['body']): { body: string | null; isBase64Encoded: boolean } {
  if (body === undefined) return { body: null, isBase64Encoded: false };
  if (typeof body === 'string') return { body, isBase64Encoded: false };
  return { body: body.toString('base64'), isBase64Encoded: true };
}

function queryString(query: RequestSpec['query'] = {}): string {
  return Object.entries(query)
    .flatMap(([k, vs]) => vs.map((v) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
    .join('&');
}

function lastValues(headers: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, vs]) => [k, vs[vs.length - 1]]));
}

/** The CloudFront edge of an edge-optimized REST API, as it appears in X-Forwarded-For. */
const CLOUDFRONT_EDGE = '130.176.1.20';

/** Payload 1.0 as a REST API sends it; `stage` is not in `path`; `edge`: an edge-optimized endpoint. */
export function restApiEvent(
  spec: RequestSpec,
  { stage = 'prod', domain = `a1b2c3d4e5.execute-api.${REGION}.amazonaws.com`, edge = false } = {},
) {
  const method = spec.method ?? 'GET';
  const sourceIp = spec.sourceIp ?? '198.51.100.10';
  const headers: Record<string, string[]> = {
    Host: [domain],
    ...forwardedFor(spec, sourceIp, edge ? [CLOUDFRONT_EDGE] : []),
    'X-Forwarded-Port': ['443'],
    'X-Forwarded-Proto': ['https'],
    ...spec.headers,
  };
  if (spec.cookies?.length) headers.Cookie = [spec.cookies.join('; ')];
  const query = spec.query ?? {};
  return {
    resource: '/{proxy+}',
    path: spec.path,
    httpMethod: method,
    headers: lastValues(headers),
    multiValueHeaders: headers,
    queryStringParameters: Object.keys(query).length ? lastValues(query) : null,
    multiValueQueryStringParameters: Object.keys(query).length ? query : null,
    pathParameters: { proxy: spec.path.replace(/^\//, '') },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      resourceId: 'roq9wj',
      resourcePath: '/{proxy+}',
      httpMethod: method,
      path: `/${stage}${spec.path}`,
      protocol: 'HTTP/1.1',
      stage,
      domainName: domain,
      domainPrefix: 'a1b2c3d4e5',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTime: TIME.time,
      requestTimeEpoch: TIME.timeEpoch,
      identity: { sourceIp, userAgent: 'test', accountId: null, caller: null, user: null, userArn: null },
      authorizer: null,
    },
    ...encodeBody(spec.body),
  };
}

/** Payload 1.0 as an HTTP API sends it: a named stage is part of `path` and of `requestContext.path`. */
export function httpApiV1Event(spec: RequestSpec, { stage = '$default' } = {}) {
  const event = restApiEvent(spec, { stage, domain: `f7g8h9i0j1.execute-api.${REGION}.amazonaws.com` });
  const path = stage === '$default' ? spec.path : `/${stage}${spec.path}`;
  return { ...event, version: '1.0', resource: '$default', path, requestContext: { ...event.requestContext, path } };
}

/** Payload 2.0 (HTTP API): a named stage is the first segment of `rawPath`. */
export function httpApiV2Event(spec: RequestSpec, { stage = '$default', domain = `f7g8h9i0j1.execute-api.${REGION}.amazonaws.com` } = {}) {
  const rawPath = stage === '$default' ? spec.path : `/${stage}${spec.path}`;
  const headers = Object.fromEntries(Object.entries(spec.headers ?? {}).map(([k, vs]) => [k.toLowerCase(), vs.join(',')]));
  const rawQueryString = queryString(spec.query);
  const sourceIp = spec.sourceIp ?? '198.51.100.20';
  const forwarded = Object.fromEntries(Object.entries(forwardedFor(spec, sourceIp)).map(([k, vs]) => [k.toLowerCase(), vs[0]]));
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(spec.cookies?.length ? { cookies: spec.cookies } : {}),
    headers: { host: domain, ...forwarded, 'x-forwarded-proto': 'https', 'x-forwarded-port': '443', ...headers },
    ...(rawQueryString
      ? { queryStringParameters: Object.fromEntries(Object.entries(spec.query ?? {}).map(([k, vs]) => [k, vs.join(',')])) }
      : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: domain.split('.')[0],
      domainName: domain,
      domainPrefix: domain.split('.')[0],
      http: {
        method: spec.method ?? 'GET',
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp,
        userAgent: 'test',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage,
      ...TIME,
    },
    ...encodeBody(spec.body),
  };
}

/** A Function URL request: the 2.0 shape on a lambda-url domain, stage `$default`. */
export function functionUrlEvent(spec: RequestSpec) {
  return httpApiV2Event(spec, { stage: '$default', domain: `abcdefghijklmnopqrstuvwxyz012345.lambda-url.${REGION}.on.aws` });
}

/** An ALB request; `multiValue` mirrors the target group's lambda.multi_value_headers.enabled. */
export function albEvent(spec: RequestSpec, { multiValue = false } = {}) {
  const headers: Record<string, string[]> = {
    host: [`filamenta-123456789.${REGION}.elb.amazonaws.com`],
    ...Object.fromEntries(Object.entries(forwardedFor(spec, spec.sourceIp ?? '198.51.100.30')).map(([k, vs]) => [k.toLowerCase(), vs])),
    'x-forwarded-port': ['443'],
    'x-forwarded-proto': ['https'],
    ...Object.fromEntries(Object.entries(spec.headers ?? {}).map(([k, vs]) => [k.toLowerCase(), vs])),
  };
  if (spec.cookies?.length) headers.cookie = [spec.cookies.join('; ')];
  const query = spec.query ?? {};
  return {
    requestContext: {
      elb: { targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/filamenta/6d0ecf831eec9f09` },
    },
    httpMethod: spec.method ?? 'GET',
    path: spec.path,
    ...(multiValue
      ? { multiValueHeaders: headers, multiValueQueryStringParameters: query }
      : { headers: lastValues(headers), queryStringParameters: lastValues(query) }),
    ...encodeBody(spec.body),
    body: encodeBody(spec.body).body ?? '',
  };
}

/** The context object the Node runtime passes as the handler's second argument. */
export function lambdaContext(awsRequestId = 'a6d2c6f0-0000-4000-8000-000000000001'): LambdaContext {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'filamenta',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:filamenta`,
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: '/aws/lambda/filamenta',
    logStreamName: '2026/11/24/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } as unknown as LambdaContext;
}
