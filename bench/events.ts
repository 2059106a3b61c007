/**
 * The events and context the benchmark invokes handlers with: shaped as API Gateway's REST API (payload
 * 1.0) and HTTP API (payload 2.0) send them, so that every library measured recognises its source. Kept
 * here rather than shared with the tests, so that the benchmark reads only the package's public API.
 */

const clientHeaders = (accept: string | undefined): Record<string, string> => ({
  Host: 'abc123.execute-api.eu-west-1.amazonaws.com',
  'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0',
  'X-Forwarded-For': '203.0.113.7',
  'X-Forwarded-Port': '443',
  'X-Forwarded-Proto': 'https',
  ...(accept === undefined ? {} : { Accept: accept }),
})

/** A REST API proxy event (payload 1.0), as every adapter measured here accepts it. */
export const restApiEvent = (accept: string | undefined, path = '/files/item') => {
  const headers = clientHeaders(accept)
  return {
    resource: '/files/{name}',
    path,
    httpMethod: 'GET',
    headers,
    multiValueHeaders: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, [value]]),
    ),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { name: path.split('/').pop() ?? '' },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      httpMethod: 'GET',
      identity: { sourceIp: '203.0.113.7', userAgent: headers['User-Agent'] ?? null },
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1_763_719_200_000,
      resourceId: '123456',
      resourcePath: '/files/{name}',
      stage: 'prod',
    },
    body: null,
    isBase64Encoded: false,
  }
}

/** An HTTP API event (payload 2.0): lowercase header names, content negotiation. */
export const httpApiEvent = (accept: string | undefined, path = '/files/item') => {
  const host = 'abc123.execute-api.eu-west-1.amazonaws.com'
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {
      host,
      'user-agent': 'curl/8.14.1',
      'x-forwarded-for': '203.0.113.7',
      ...(accept === undefined ? {} : { accept }),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: host,
      domainPrefix: 'abc123',
      http: {
        method: 'GET',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'curl',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: `GET ${path}`,
      stage: '$default',
      time: '21/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_763_719_200_000,
    },
    isBase64Encoded: false,
  }
}

/** A Lambda context with the fields Middy and the adapters read. */
export const lambdaContext = () => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bench',
  memoryLimitInMB: '1024',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  logGroupName: '/aws/lambda/bench',
  logStreamName: '2026/11/21/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
})
