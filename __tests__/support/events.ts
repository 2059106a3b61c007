/**
 * Realistic Lambda events, shaped after the samples AWS documents for each source, with the Accept headers
 * real clients send (captured from Chromium 156 and curl).
 */
import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  CloudFrontHeaders,
  CloudFrontRequestEvent,
  CloudFrontResponseEvent,
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

/**
 * A VPC Lattice event, structure version 2, after Powertools' vpc-lattice-v2 test event and AWS's "Lambda
 * functions as targets" page: `version: "2.0"`, `method` and `path` at the top, every header a list (here
 * a repeated one too), a request context of Lattice ARNs and no `requestContext.http`.
 */
export interface LatticeV2Event {
  version: '2.0'
  path: string
  method: string
  headers: Record<string, string[]>
  queryStringParameters: Record<string, string[]>
  body: string
  isBase64Encoded: boolean
  requestContext: Record<string, unknown>
}

export const latticeEvent = (
  accept: string | undefined,
  path = '/images/logo.png',
): LatticeV2Event => ({
  version: '2.0',
  path,
  method: 'GET',
  headers: {
    'x-amzn-requestid': ['6ccfc913-b027-4fdc-be66-a07809329ee3'],
    'x-forwarded-for': ['10.42.0.189'],
    'user-agent': ['curl/8.14.1'],
    'x-trace': ['a', 'b'],
    host: ['images-0123456789abcdef0.7d67968.vpc-lattice-svcs.eu-west-1.on.aws'],
    ...(accept === undefined ? {} : { accept: [accept] }),
  },
  queryStringParameters: {},
  body: '',
  isBase64Encoded: false,
  requestContext: {
    serviceNetworkArn:
      'arn:aws:vpc-lattice:eu-west-1:123456789012:servicenetwork/sn-0123456789abcdef0',
    serviceArn: 'arn:aws:vpc-lattice:eu-west-1:123456789012:service/svc-0123456789abcdef0',
    targetGroupArn: 'arn:aws:vpc-lattice:eu-west-1:123456789012:targetgroup/tg-0123456789abcdef0',
    identity: { sourceVpcArn: 'arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0123456789abcdef0' },
    region: 'eu-west-1',
    timeEpoch: '1790935900260914',
  },
})

/**
 * A VPC Lattice event, structure version 1, after Powertools' vpc-lattice test event: snake_case
 * `raw_path`, `query_string_parameters` and `is_base64_encoded`, no `version`, single-string headers.
 */
export interface LatticeV1Event {
  raw_path: string
  method: string
  headers: Record<string, string>
  query_string_parameters: Record<string, string>
  body: string
  is_base64_encoded: boolean
}

export const latticeV1Event = (
  accept: string | undefined,
  path = '/images/logo.png',
): LatticeV1Event => ({
  raw_path: path,
  method: 'GET',
  headers: {
    user_agent: 'curl/8.14.1',
    'x-forwarded-for': '10.213.229.10',
    host: 'images-3908sdf9u3u.dkfjd93.vpc-lattice-svcs.eu-west-1.on.aws',
    ...(accept === undefined ? {} : { accept }),
  },
  query_string_parameters: {},
  body: '',
  is_base64_encoded: false,
})

/** Request headers as CloudFront gives them: lowercase names, lists of `{ key, value }`. */
const cloudFrontHeaders = (headers: Record<string, string>): CloudFrontHeaders =>
  Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key.toLowerCase(), [{ key, value }]]),
  )

type RequestTrigger = 'viewer-request' | 'origin-request'
type ResponseTrigger = 'origin-response' | 'viewer-response'

const cloudFrontConfig = (eventType: RequestTrigger | ResponseTrigger) => ({
  distributionDomainName: 'd111111abcdef8.cloudfront.net',
  distributionId: 'EDFDVBD6EXAMPLE',
  eventType,
  requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==',
})

/**
 * The request CloudFront passes, after AWS's "Lambda@Edge event structure" examples: a viewer request
 * carries the viewer's headers; an origin request only those the cache or origin request policy forwards
 * (here Accept, as if the cache policy named it), with CloudFront's own and the origin.
 */
const cloudFrontRequest = (trigger: RequestTrigger, accept: string | undefined, uri: string) => {
  const viewer = trigger === 'viewer-request'
  const headers = viewer
    ? { Host: 'd111111abcdef8.cloudfront.net', 'User-Agent': 'curl/8.14.1' }
    : {
        'X-Forwarded-For': '203.0.113.178',
        'User-Agent': 'Amazon CloudFront',
        Via: '2.0 2afae0d44e2540f472c0635ab62c232b.cloudfront.net (CloudFront)',
        Host: 'images.example.org',
      }
  return {
    clientIp: '203.0.113.178',
    headers: cloudFrontHeaders({ ...headers, ...(accept === undefined ? {} : { Accept: accept }) }),
    method: 'GET',
    querystring: '',
    uri,
    ...(viewer
      ? {}
      : {
          origin: {
            custom: {
              customHeaders: {},
              domainName: 'images.example.org',
              keepaliveTimeout: 5,
              path: '',
              port: 443,
              protocol: 'https' as const,
              readTimeout: 30,
              sslProtocols: ['TLSv1.2'],
            },
          },
        }),
  }
}

/** A Lambda@Edge viewer-request or origin-request event. */
export const edgeRequestEvent = (
  accept: string | undefined,
  trigger: RequestTrigger = 'viewer-request',
  uri = '/images/logo.png',
): CloudFrontRequestEvent => ({
  Records: [
    { cf: { config: cloudFrontConfig(trigger), request: cloudFrontRequest(trigger, accept, uri) } },
  ],
})

/**
 * A Lambda@Edge origin-response or viewer-response event: the request (the origin request for
 * origin-response, the viewer's for viewer-response) and the response, whose `status` is a string.
 */
export const edgeResponseEvent = (
  accept: string | undefined,
  trigger: ResponseTrigger = 'origin-response',
  uri = '/images/logo.png',
): CloudFrontResponseEvent => ({
  Records: [
    {
      cf: {
        config: cloudFrontConfig(trigger),
        request: cloudFrontRequest(
          trigger === 'origin-response' ? 'origin-request' : 'viewer-request',
          accept,
          uri,
        ),
        response: {
          status: '200',
          statusDescription: 'OK',
          headers: cloudFrontHeaders({
            Date: 'Mon, 13 Jan 2020 20:12:38 GMT',
            Server: 'ExampleCustomOriginServer',
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Length': '9593',
          }),
        },
      },
    },
  ],
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
