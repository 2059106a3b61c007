/**
 * Realistic Lambda events, shaped after the samples AWS documents for each source, with the Accept headers
 * real clients send (captured from Chromium 156 and curl).
 */
import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  Context,
  SQSEvent,
} from 'aws-lambda'

export const ACCEPT = {
  browserImage: 'image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
  browserNavigation:
    'text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
  curl: '*/*',
  fetch: '*/*',
  json: 'application/json',
} as const

const clientHeaders = (accept: string | undefined): Record<string, string> => ({
  Host: 'abc123.execute-api.eu-west-1.amazonaws.com',
  'User-Agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  'X-Forwarded-For': '203.0.113.7',
  'X-Forwarded-Port': '443',
  'X-Forwarded-Proto': 'https',
  ...(accept === undefined ? {} : { Accept: accept }),
})

const toMultiValue = (headers: Record<string, string>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]))

/** An API Gateway REST API (payload 1.0) proxy event. */
export const restApiEvent = (
  accept: string | undefined,
  path = '/images/logo.png',
): APIGatewayProxyEvent => {
  const headers = clientHeaders(accept)
  return {
    resource: '/images/{name}',
    path,
    httpMethod: 'GET',
    headers,
    multiValueHeaders: toMultiValue(headers),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { name: path.split('/').pop() ?? '' },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: 'GET',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.7',
        user: null,
        userAgent: headers['User-Agent'] ?? null,
        userArn: null,
      },
      path: `/prod${path}`,
      stage: 'prod',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1_763_719_200_000,
      resourceId: '123456',
      resourcePath: '/images/{name}',
    },
    body: null,
    isBase64Encoded: false,
  }
}

/** The API Gateway console's test event: `headers` and `multiValueHeaders` are null. */
export const restApiConsoleTestEvent = (): APIGatewayProxyEvent => ({
  ...restApiEvent(undefined),
  headers: null as unknown as APIGatewayProxyEvent['headers'],
  multiValueHeaders: null as unknown as APIGatewayProxyEvent['multiValueHeaders'],
})

/**
 * An API Gateway HTTP API event in payload format 1.0, after the example on AWS's "payload format" page:
 * the REST API's shape plus a top-level `version: "1.0"`, lowercase header names, `resourceId: null` and
 * the `$default` stage.
 */
export const httpApiV1Event = (
  accept: string | undefined,
  path = '/reports/latest.pdf',
): APIGatewayProxyEvent & { version: '1.0' } => {
  const headers = v2Headers(accept, 'abc123.execute-api.eu-west-1.amazonaws.com')
  const rest = restApiEvent(undefined, path)
  return {
    version: '1.0',
    ...rest,
    resource: path,
    headers,
    multiValueHeaders: toMultiValue(headers),
    pathParameters: null,
    requestContext: {
      ...rest.requestContext,
      resourceId: null as unknown as string,
      resourcePath: path,
      path,
      stage: '$default',
    },
  }
}

const v2RequestContext = (domainName: string, path: string) => ({
  accountId: '123456789012',
  apiId: 'abc123',
  domainName,
  domainPrefix: domainName.split('.')[0] ?? '',
  http: {
    method: 'GET',
    path,
    protocol: 'HTTP/1.1',
    sourceIp: '203.0.113.7',
    userAgent: 'curl/8.14.1',
  },
  requestId: 'JKJaXmPLvHcESHA=',
  routeKey: `GET ${path}`,
  stage: '$default',
  time: '21/Nov/2026:10:00:00 +0000',
  timeEpoch: 1_763_719_200_000,
})

const v2Headers = (accept: string | undefined, host: string): Record<string, string> => ({
  host,
  'user-agent': 'curl/8.14.1',
  'x-forwarded-for': '203.0.113.7',
  'x-forwarded-port': '443',
  'x-forwarded-proto': 'https',
  ...(accept === undefined ? {} : { accept }),
})

/** An API Gateway HTTP API (payload 2.0) event: lowercase header names, no multiValueHeaders. */
export const httpApiEvent = (
  accept: string | undefined,
  path = '/reports/latest.pdf',
): APIGatewayProxyEventV2 => {
  const host = 'abc123.execute-api.eu-west-1.amazonaws.com'
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: v2Headers(accept, host),
    requestContext: v2RequestContext(host, path),
    isBase64Encoded: false,
  }
}

/** A Lambda Function URL event: payload 2.0 with a lambda-url domain and `$default` route. */
export const functionUrlEvent = (
  accept: string | undefined,
  path = '/reports/latest.pdf',
): APIGatewayProxyEventV2 => {
  const host = 'abcdefghijklmnopqrstuvwxyz0123456.lambda-url.eu-west-1.on.aws'
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: v2Headers(accept, host),
    requestContext: { ...v2RequestContext(host, path), routeKey: '$default' },
    isBase64Encoded: false,
  }
}

const albBase = (path: string) => ({
  requestContext: {
    elb: {
      targetGroupArn:
        'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/images/6d0ecf831eec9f09',
    },
  },
  httpMethod: 'GET',
  path,
  body: '',
  isBase64Encoded: false,
})

const albHeaders = (accept: string | undefined): Record<string, string> => ({
  host: 'images-1234567890.eu-west-1.elb.amazonaws.com',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36',
  'x-forwarded-for': '203.0.113.7',
  'x-forwarded-port': '80',
  'x-forwarded-proto': 'http',
  ...(accept === undefined ? {} : { accept }),
})

/** An ALB event from a target group without multi-value headers. */
export const albEvent = (accept: string | undefined, path = '/images/logo.png'): ALBEvent => ({
  ...albBase(path),
  queryStringParameters: {},
  headers: albHeaders(accept),
})

/** An ALB event from a target group with multi-value headers enabled. */
export const albMultiValueEvent = (
  accept: string | undefined,
  path = '/images/logo.png',
): ALBEvent => ({
  ...albBase(path),
  multiValueQueryStringParameters: {},
  multiValueHeaders: toMultiValue(albHeaders(accept)),
})

/** Not an HTTP event: an SQS batch. */
export const sqsEvent = (): SQSEvent => ({
  Records: [
    {
      messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
      receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
      body: 'render the thumbnail',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1545082649183',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1545082649185',
      },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:thumbnails',
      awsRegion: 'eu-west-1',
    },
  ],
})

export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'binary-response-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:binary-response-test',
  memoryLimitInMB: '1024',
  awsRequestId: '8f507cfc-example-4697-b07a-ac58fc914c95',
  logGroupName: '/aws/lambda/binary-response-test',
  logStreamName: '2026/11/21/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
})

/** A Lambda context whose invocation ends `ms` from now, as the runtime's clock counts it down. */
export const lambdaContextEndingIn = (ms: number): Context => {
  const end = Date.now() + ms
  return { ...lambdaContext(), getRemainingTimeInMillis: () => end - Date.now() }
}
