/**
 * The gateway table: one row per gateway, with a sample event of its own, what the middleware must know of
 * it, and the envelope it reads. Adding a gateway adds a row here.
 */
import { describe, expect, test } from '@jest/globals'
import { alb } from '../src/gateways/alb.js'
import {
  GATEWAYS,
  identifyGateway,
  readAccept,
  readHttpRequest,
  requestHeader,
} from '../src/gateways/index.js'
import { lambdaEdge } from '../src/gateways/lambda-edge.js'
import { restApi } from '../src/gateways/rest-api.js'
import {
  ALB_RESPONSE_LIMIT,
  EDGE_ORIGIN_LIMIT,
  EDGE_VIEWER_REQUEST_LIMIT,
  LAMBDA_RESPONSE_LIMIT,
  LATTICE_RESPONSE_LIMIT,
} from '../src/limits.js'
import { draftResponse, setHeaders } from '../src/response/draft.js'
import {
  albEvent,
  albMultiValueEvent,
  edgeRequestEvent,
  edgeResponseEvent,
  functionUrlEvent,
  httpApiEvent,
  httpApiV1Event,
  latticeEvent,
  latticeV1Event,
  restApiConsoleTestEvent,
  restApiEvent,
  sqsEvent,
} from './support/events.js'

const asRecord = (event: object) => event as Record<string, unknown>

/** The draft every row writes: a handler's result with a cookie and a multi-value header of its own. */
const draft = () => {
  const made = draftResponse(
    {
      statusCode: 200,
      headers: { 'Cache-Control': 'max-age=60' },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      cookies: ['c=3'],
      body: Buffer.alloc(1),
    },
    Buffer.alloc(1),
  )
  setHeaders(made, { 'Content-Type': 'image/png', Vary: 'Accept' })
  return made
}

const singleValueHeaders = {
  'Cache-Control': 'max-age=60',
  'Content-Type': 'image/png',
  Vary: 'Accept',
}
const proxyEnvelope = {
  statusCode: 200,
  headers: singleValueHeaders,
  multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
  cookies: ['c=3'],
}
const edgeEnvelope = {
  status: '200',
  statusDescription: 'OK',
  headers: {
    'set-cookie': [
      { key: 'Set-Cookie', value: 'a=1' },
      { key: 'Set-Cookie', value: 'b=2' },
    ],
    'cache-control': [{ key: 'Cache-Control', value: 'max-age=60' }],
    'content-type': [{ key: 'Content-Type', value: 'image/png' }],
    vary: [{ key: 'Vary', value: 'Accept' }],
  },
  cookies: ['c=3'],
}
const lambdaLimit = [LAMBDA_RESPONSE_LIMIT, 'a Lambda response']
const latticeLimit = [LATTICE_RESPONSE_LIMIT, 'a VPC Lattice response']
const negotiate = { buffered: 'negotiate', streaming: 'negotiate' }
const isBase64Encoded = { isBase64Encoded: true }
const bodyEncoding = { bodyEncoding: 'base64' }

const ROWS = [
  {
    name: 'REST API',
    event: restApiEvent('image/png'),
    source: 'rest-api',
    rule: { buffered: 'rest-api', streaming: 'negotiate' },
    limit: lambdaLimit,
    marker: isBase64Encoded,
    envelope: proxyEnvelope,
  },
  {
    name: 'HTTP API, payload 1.0',
    event: httpApiV1Event('image/png'),
    source: 'http-api-v1',
    rule: negotiate,
    limit: lambdaLimit,
    marker: isBase64Encoded,
    envelope: proxyEnvelope,
  },
  {
    name: 'HTTP API, payload 2.0',
    event: httpApiEvent('image/png'),
    source: 'http-api',
    rule: negotiate,
    limit: lambdaLimit,
    marker: isBase64Encoded,
    envelope: proxyEnvelope,
  },
  {
    name: 'Function URL',
    event: functionUrlEvent('image/png'),
    source: 'http-api',
    rule: negotiate,
    limit: lambdaLimit,
    marker: isBase64Encoded,
    envelope: proxyEnvelope,
  },
  {
    name: 'ALB',
    event: albEvent('image/png'),
    source: 'alb',
    rule: negotiate,
    limit: [ALB_RESPONSE_LIMIT, 'an ALB response'],
    marker: isBase64Encoded,
    envelope: { ...proxyEnvelope, statusDescription: '200 OK' },
  },
  {
    name: 'ALB, multi-value headers',
    event: albMultiValueEvent('image/png'),
    source: 'alb',
    rule: negotiate,
    limit: [ALB_RESPONSE_LIMIT, 'an ALB response'],
    marker: isBase64Encoded,
    envelope: {
      statusCode: 200,
      statusDescription: '200 OK',
      multiValueHeaders: {
        'Set-Cookie': ['a=1', 'b=2'],
        'Cache-Control': ['max-age=60'],
        'Content-Type': ['image/png'],
        Vary: ['Accept'],
      },
      cookies: ['c=3'],
    },
  },
  {
    name: 'VPC Lattice v2',
    event: latticeEvent('image/png'),
    source: 'vpc-lattice',
    rule: negotiate,
    limit: latticeLimit,
    marker: isBase64Encoded,
    envelope: proxyEnvelope,
  },
  {
    name: 'VPC Lattice v1',
    event: latticeV1Event('image/png'),
    source: 'vpc-lattice-v1',
    rule: negotiate,
    limit: latticeLimit,
    marker: isBase64Encoded,
    envelope: proxyEnvelope,
  },
  {
    name: 'Lambda@Edge viewer request',
    event: edgeRequestEvent('image/png', 'viewer-request'),
    source: 'lambda-edge',
    rule: negotiate,
    limit: [EDGE_VIEWER_REQUEST_LIMIT, 'a Lambda@Edge viewer-request response'],
    marker: bodyEncoding,
    envelope: edgeEnvelope,
  },
  {
    name: 'Lambda@Edge origin request',
    event: edgeRequestEvent('image/png', 'origin-request'),
    source: 'lambda-edge',
    rule: negotiate,
    limit: [EDGE_ORIGIN_LIMIT, 'a Lambda@Edge origin-request response'],
    marker: bodyEncoding,
    envelope: edgeEnvelope,
  },
  {
    name: 'Lambda@Edge origin response',
    event: edgeResponseEvent('image/png', 'origin-response'),
    source: 'lambda-edge',
    rule: negotiate,
    limit: [EDGE_ORIGIN_LIMIT, 'a Lambda@Edge origin-response response'],
    marker: bodyEncoding,
    envelope: edgeEnvelope,
  },
  {
    // AWS documents no body a viewer-response function can set, and it cannot change the status.
    name: 'Lambda@Edge viewer response',
    event: edgeResponseEvent('image/png', 'viewer-response'),
    source: 'lambda-edge',
    rule: negotiate,
    limit: undefined,
    marker: bodyEncoding,
    envelope: edgeEnvelope,
  },
] as const

describe.each(ROWS)('$name', (row) => {
  // Read inside each test, never while Jest collects them: a mutant that throws here must fail a test,
  // not the file's load (docs/quality.md).
  const request = () => readHttpRequest(row.event)

  test('is recognised, with its method and Accept', () => {
    expect(request()?.gateway.source).toBe(row.source)
    expect(request()?.method).toBe('GET')
    expect(request()?.accept).toBe('image/png')
  })

  // REST API events carry the last value twice, in `headers` and `multiValueHeaders`.
  test('reads any request header: Host', () => {
    const values = request()?.gateway.requestHeaderValues(asRecord(row.event), 'host') ?? []
    expect(new Set(values).size).toBe(1)
  })

  test('applies its Accept rule, limit and name', () => {
    expect(request()?.gateway.acceptRule).toEqual(row.rule)
    const limit = request()?.bodyLimit
    expect(limit === undefined ? undefined : [limit.bytes, limit.name]).toEqual(row.limit)
  })

  test('writes its envelope and marks the base64 body', () => {
    expect(request()?.gateway.writeEnvelope(draft(), asRecord(row.event))).toEqual(row.envelope)
    expect(request()?.gateway.base64Marker).toEqual(row.marker)
  })

  test('no gateway asked before its own recognises it', () => {
    const own = GATEWAYS.findIndex((gateway) => gateway.source === row.source)
    const earlier = GATEWAYS.slice(0, own).filter((gateway) =>
      gateway.recognises(asRecord(row.event)),
    )
    expect(earlier.map((gateway) => gateway.source)).toEqual([])
  })
})

test('the new gateways recognise no other gateway’s event, nor the others theirs', () => {
  const isNew = (source: string) => /^(vpc-lattice|lambda-edge)/.test(source)
  const confused = ROWS.flatMap((row) =>
    GATEWAYS.filter(
      (gateway) =>
        gateway.source !== row.source &&
        (isNew(gateway.source) || isNew(row.source)) &&
        gateway.recognises(asRecord(row.event)),
    ).map((gateway) => `${gateway.source} took ${row.name}`),
  )
  expect(confused).toEqual([])
})

test('the table has one row per gateway', () => {
  expect(new Set(ROWS.map((row) => row.source))).toEqual(
    new Set(GATEWAYS.map((gateway) => gateway.source)),
  )
})

describe('identifyGateway', () => {
  test.each([
    ['REST API console test event', restApiConsoleTestEvent(), 'rest-api'],
    ['REST API event without requestContext', { httpMethod: 'GET', headers: {} }, 'rest-api'],
    ['version 1.0 without httpMethod', { version: '1.0', headers: {} }, undefined],
    ['httpMethod and another version', { version: '1.1', httpMethod: 'GET' }, 'rest-api'],
    ['SQS', sqsEvent(), undefined],
    ['direct invoke payload', { name: 'report', format: 'pdf' }, undefined],
    ['version 2.0 without requestContext.http', { version: '2.0', requestContext: {} }, undefined],
    [
      'version 2.0 with requestContext.http null',
      { version: '2.0', requestContext: { http: null } },
      undefined,
    ],
    ['httpMethod that is not a string', { httpMethod: 7 }, undefined],
    [
      'requestContext.http without version 2.0',
      { version: '1.0', httpMethod: 'GET', requestContext: { http: {} } },
      'http-api-v1',
    ],
    ['requestContext that is an array', { requestContext: [{ elb: {} }] }, undefined],
    ['elb that is a string', { requestContext: { elb: 'x' }, httpMethod: 'GET' }, 'rest-api'],
    [
      'version 2.0 and method, no targetGroupArn',
      { version: '2.0', method: 'GET', requestContext: { serviceArn: 'arn' } },
      undefined,
    ],
    [
      'Lattice v2 without method',
      { version: '2.0', requestContext: { targetGroupArn: 'arn' } },
      undefined,
    ],
    [
      'Lattice v2 fields with requestContext.http',
      { version: '2.0', method: 'GET', requestContext: { targetGroupArn: 'arn', http: {} } },
      'http-api',
    ],
    [
      'Lattice v2 fields with another version',
      { version: '1.0', method: 'GET', requestContext: { targetGroupArn: 'arn' } },
      undefined,
    ],
    ['raw_path without method', { raw_path: '/a' }, undefined],
    ['raw_path that is not a string', { raw_path: 1, method: 'GET' }, undefined],
    ['Records of one without cf', { Records: [{}] }, undefined],
    ['Records empty', { Records: [] }, undefined],
    ['Records an object', { Records: { cf: { request: {} } } }, undefined],
    ['cf without request', { Records: [{ cf: { config: {} } }] }, undefined],
    ['cf request a string', { Records: [{ cf: { request: 'GET /' } }] }, undefined],
    ['cf request, nothing else', { Records: [{ cf: { request: {} } }] }, 'lambda-edge'],
  ])('%s', (_name, event, expected) => {
    expect(identifyGateway(asRecord(event))?.source).toBe(expected)
  })
})

describe('readAccept', () => {
  test.each([
    ['REST: from headers and multiValueHeaders, once', restApiEvent('image/png'), 'image/png'],
    ['REST console test event: headers null', restApiConsoleTestEvent(), undefined],
    ['HTTP API: lowercase name', httpApiEvent('application/pdf'), 'application/pdf'],
    ['ALB multi-value', albMultiValueEvent('image/webp'), 'image/webp'],
    ['no Accept', albEvent(undefined), undefined],
    ['name in any case', { headers: { aCcEpT: 'image/gif' } }, 'image/gif'],
    [
      'two Accept lines in multiValueHeaders, the last also in headers',
      {
        headers: { Accept: 'image/gif' },
        multiValueHeaders: { Accept: ['text/html', 'image/gif'] },
      },
      'text/html,image/gif',
    ],
    [
      'duplicate names with different case',
      { headers: { Accept: 'image/png', accept: 'text/html' } },
      'image/png,text/html',
    ],
    ['headers missing, multiValueHeaders only', { multiValueHeaders: { accept: ['*/*'] } }, '*/*'],
    [
      'a value twice, then another',
      { multiValueHeaders: { accept: ['image/png', 'image/png', 'text/html'] } },
      'image/png,text/html',
    ],
    ['a blank value twice', { multiValueHeaders: { accept: [' ', ' '] } }, undefined],
    ['ALB multiValueHeaders.accept empty', { multiValueHeaders: { accept: [] } }, undefined],
    ['blank value', { headers: { accept: '  ' } }, undefined],
    // Empty list elements are ignored (RFC 9110 §5.6.1): a list of blanks is no Accept at all.
    [
      'ALB multiValueHeaders.accept of blanks',
      { multiValueHeaders: { accept: ['', ' '] } },
      undefined,
    ],
    ['commas only', { headers: { accept: ' , ,\t' } }, undefined],
    [
      'blank values beside a real one are dropped',
      { multiValueHeaders: { accept: ['', 'image/png', ' '] } },
      'image/png',
    ],
    ['value an array in headers', { headers: { accept: ['image/png', 3] } }, 'image/png'],
    ['value a number', { headers: { accept: 42 } }, undefined],
    ['value undefined', { headers: { accept: undefined } }, undefined],
    ['headers a string', { headers: 'accept: image/png' }, undefined],
    ['headers an array', { headers: ['accept', 'image/png'] }, undefined],
    ['a name as long as accept', { headers: { accent: 'image/png' } }, undefined],
    [
      'a longer name that starts with accept',
      { headers: { 'accept-encoding': 'gzip' } },
      undefined,
    ],
  ])('%s', (_name, event, expected) => {
    expect(readAccept(restApi, asRecord(event))).toBe(expected)
  })
})

describe('requestHeader: the distinct values, joined', () => {
  test.each([
    ['absent', {}, undefined],
    ['once', { headers: { Range: 'bytes=0-9' } }, 'bytes=0-9'],
    [
      'in headers and multiValueHeaders alike (REST API)',
      { headers: { Range: 'bytes=0-9' }, multiValueHeaders: { Range: ['bytes=0-9'] } },
      'bytes=0-9',
    ],
    [
      'twice, different',
      { multiValueHeaders: { range: ['bytes=0-9', 'bytes=5-'] } },
      'bytes=0-9, bytes=5-',
    ],
    [
      'twice alike, then another',
      { multiValueHeaders: { range: ['bytes=0-9', 'bytes=0-9', 'bytes=5-'] } },
      'bytes=0-9, bytes=5-',
    ],
  ])('%s', (_name, headers, expected) => {
    const event = { httpMethod: 'GET', requestContext: {}, ...headers }
    const request = readHttpRequest(event)
    expect(request?.gateway.source).toBe('rest-api')
    expect(request && requestHeader(request, 'range')).toBe(expected)
  })
})

describe('readAccept, Lambda@Edge', () => {
  const edge = (headers: unknown) => ({ Records: [{ cf: { request: { headers } } }] })
  test.each([
    ['a viewer request', edgeRequestEvent('image/webp'), 'image/webp'],
    [
      'an origin request the policy forwards Accept to',
      edgeRequestEvent('image/*', 'origin-request'),
      'image/*',
    ],
    ['an origin request without it', edgeRequestEvent(undefined, 'origin-request'), undefined],
    [
      'two entries',
      edge({ accept: [{ key: 'Accept', value: 'image/png' }, { value: 'text/html' }] }),
      'image/png,text/html',
    ],
    [
      'a name in another case',
      edge({ Accept: [{ key: 'Accept', value: 'image/gif' }] }),
      'image/gif',
    ],
    ['an entry without a value', edge({ accept: [{ key: 'Accept' }, { value: 7 }] }), undefined],
    ['headers missing', edge(undefined), undefined],
  ])('%s', (_name, event, expected) => {
    expect(readAccept(lambdaEdge, asRecord(event))).toBe(expected)
  })
})

describe('readAccept, VPC Lattice', () => {
  test.each([
    ['v2: a list', latticeEvent('image/png'), 'image/png'],
    ['v2: two values', { headers: { accept: ['image/png', 'text/html'] } }, 'image/png,text/html'],
    ['v1: joined', latticeV1Event('image/png, text/html'), 'image/png, text/html'],
    ['v1: none', latticeV1Event(undefined), undefined],
  ])('%s', (_name, event, expected) => {
    const gateway = GATEWAYS.find((candidate) => candidate.source === 'vpc-lattice')
    expect(gateway && readAccept(gateway, asRecord(event))).toBe(expected)
  })
})

describe('readHttpRequest', () => {
  test.each([
    ['SQS', sqsEvent()],
    ['null', null],
    ['a string', 'GET /'],
    ['an array', [restApiEvent('*/*')]],
  ])('%s is no HTTP request', (_name, event) => {
    expect(readHttpRequest(event)).toBeUndefined()
  })

  test('keeps the event it read', () => {
    const event = albMultiValueEvent(undefined)
    expect(readHttpRequest(event)).toEqual({
      gateway: expect.anything(),
      event,
      method: 'GET',
      accept: undefined,
      bodyLimit: { bytes: ALB_RESPONSE_LIMIT, name: 'an ALB response' },
    })
  })

  test.each([
    ['REST, HEAD', { httpMethod: 'HEAD' }, 'HEAD'],
    ['ALB, no httpMethod', { requestContext: { elb: {} } }, undefined],
    ['HTTP API, method missing', { version: '2.0', requestContext: { http: {} } }, undefined],
    [
      'HTTP API, method not a string',
      { version: '2.0', requestContext: { http: { method: 1 } } },
      undefined,
    ],
    ['HTTP API, HEAD', { version: '2.0', requestContext: { http: { method: 'HEAD' } } }, 'HEAD'],
    ['Lattice v2, HEAD', { ...latticeEvent(undefined), method: 'HEAD' }, 'HEAD'],
    ['Lattice v1, HEAD', { raw_path: '/', method: 'HEAD' }, 'HEAD'],
    ['Lambda@Edge, HEAD', { Records: [{ cf: { request: { method: 'HEAD' } } }] }, 'HEAD'],
    ['Lambda@Edge, no method', { Records: [{ cf: { request: {} } }] }, undefined],
  ])('method: %s', (_name, event, method) => {
    expect(readHttpRequest(event)?.method).toBe(method)
  })
})

describe('the ALB envelope', () => {
  test.each([
    [{}, '200 OK'],
    [{ statusCode: 404 }, '404 Not Found'],
    [{ statusCode: 299 }, '299'],
    [{ statusCode: 201, statusDescription: '201 Made' }, '201 Made'],
  ])('%j: statusDescription', (proxy, description) => {
    const written = alb.writeEnvelope(
      draftResponse(proxy, Buffer.alloc(0)),
      asRecord(albEvent('*/*')),
    )
    expect(written.statusDescription).toBe(description)
  })

  test.each([
    [
      'where both name a header, multiValueHeaders wins',
      { headers: { 'set-cookie': 'c=3' }, multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] } },
      { 'Set-Cookie': ['a=1', 'b=2'] },
    ],
    [
      'single values move over as arrays, whatever their type',
      { headers: { 'Cache-Control': 'max-age=60', 'X-Count': 3 } },
      { 'Cache-Control': ['max-age=60'], 'X-Count': [3] },
    ],
  ])('multi-value: %s', (_name, proxy, expected) => {
    const written = alb.writeEnvelope(
      draftResponse(proxy, Buffer.alloc(0)),
      asRecord(albMultiValueEvent('*/*')),
    )
    expect(written.multiValueHeaders).toEqual(expected)
    expect(written).not.toHaveProperty('headers')
  })
})

describe('the Lambda@Edge limit', () => {
  const withTrigger = (eventType: unknown) => ({
    Records: [{ cf: { config: { eventType }, request: {} } }],
  })
  test.each([
    ['viewer-request', EDGE_VIEWER_REQUEST_LIMIT],
    ['origin-request', EDGE_ORIGIN_LIMIT],
    ['origin-response', EDGE_ORIGIN_LIMIT],
    ['viewer-response', undefined],
    ['an unknown trigger', undefined],
    [undefined, undefined],
    ['__proto__', undefined],
  ])('%s', (eventType, bytes) => {
    expect(lambdaEdge.responseLimit(withTrigger(eventType))?.bytes).toBe(bytes)
  })

  test('no config', () => {
    expect(lambdaEdge.responseLimit({ Records: [{ cf: { request: {} } }] })).toBeUndefined()
  })
})

describe('the Lambda@Edge envelope', () => {
  const written = (proxy: Record<string, unknown>) =>
    lambdaEdge.writeEnvelope(draftResponse(lambdaEdge.resultAsProxy(proxy), Buffer.alloc(0)))

  test.each([
    ['no status', {}, '200', 'OK'],
    ['statusCode', { statusCode: 404 }, '404', 'Not Found'],
    ['an unknown code', { statusCode: 299 }, '299', undefined],
    ['its own description', { statusCode: 201, statusDescription: 'Made' }, '201', 'Made'],
    ["CloudFront's status", { status: '404', statusDescription: 'Not Found' }, '404', 'Not Found'],
    ['a numeric status', { status: 304 }, '304', 'Not Modified'],
    ['statusCode wins over status', { statusCode: 206, status: '200' }, '206', 'Partial Content'],
    ['a status that is no code', { status: 'ok' }, '200', 'OK'],
    ['a status of four digits', { status: '2000' }, '200', 'OK'],
    ['a status after other text', { status: 'x404' }, '200', 'OK'],
  ])('%s', (_name, proxy, status, description) => {
    const envelope = written(proxy)
    expect(envelope.status).toBe(status)
    expect(envelope.statusDescription).toBe(description)
  })

  test('bodyEncoding is the middleware’s to write', () => {
    expect(written({ bodyEncoding: 'text' })).not.toHaveProperty('bodyEncoding')
  })

  test.each([
    [
      'values of any type, as strings',
      { headers: { 'X-Count': 3, 'X-Flag': true } },
      {
        'x-count': [{ key: 'X-Count', value: '3' }],
        'x-flag': [{ key: 'X-Flag', value: 'true' }],
      },
    ],
    [
      "CloudFront's own lists kept as they are",
      {
        headers: {
          'cache-control': [{ key: 'Cache-Control', value: 'max-age=60' }, { value: 'public' }],
        },
      },
      { 'cache-control': [{ key: 'Cache-Control', value: 'max-age=60' }, { value: 'public' }] },
    ],
    [
      'names in two cases under one lowercase name',
      { headers: { 'X-A': '1', 'x-a': '2' } },
      {
        'x-a': [
          { key: 'X-A', value: '1' },
          { key: 'x-a', value: '2' },
        ],
      },
    ],
    [
      'where both containers name a header, multiValueHeaders wins',
      { headers: { 'set-cookie': 'c=3' }, multiValueHeaders: { 'Set-Cookie': ['a=1'] } },
      { 'set-cookie': [{ key: 'Set-Cookie', value: 'a=1' }] },
    ],
    [
      'a single value in multiValueHeaders',
      { multiValueHeaders: { 'X-One': 'v' } },
      { 'x-one': [{ key: 'X-One', value: 'v' }] },
    ],
    ['undefined and null are no header', { headers: { 'X-U': undefined, 'X-N': null } }, {}],
  ])('headers: %s', (_name, proxy, headers) => {
    expect(written(proxy).headers).toEqual(headers)
  })
})

describe('a proxy-shaped response on Lambda@Edge', () => {
  test.each([
    [
      "the error handler's 406",
      {
        statusCode: 406,
        headers: { 'Content-Type': 'text/plain', Vary: 'Accept' },
        body: 'Not Acceptable',
      },
      {
        status: '406',
        statusDescription: 'Not Acceptable',
        headers: {
          'content-type': [{ key: 'Content-Type', value: 'text/plain' }],
          vary: [{ key: 'Vary', value: 'Accept' }],
        },
        body: 'Not Acceptable',
        bodyEncoding: 'text',
      },
    ],
    [
      "the error handler's plain 500",
      { statusCode: 500, headers: {} },
      { status: '500', statusDescription: 'Internal Server Error', headers: {} },
    ],
    [
      'a base64 body',
      { statusCode: 200, body: 'iVBO', isBase64Encoded: true },
      { status: '200', statusDescription: 'OK', headers: {}, body: 'iVBO', bodyEncoding: 'base64' },
    ],
  ])('%s is rewritten', (_name, response, expected) => {
    expect(lambdaEdge.rewriteProxyResponse(response)).toEqual(expected)
  })

  test.each([
    ['undefined', undefined],
    ['a string', '406'],
    ["CloudFront's shape", { status: '406', statusCode: 406, headers: {} }],
    ['no statusCode', { headers: {}, body: 'x' }],
    ['a body that is not a string', { statusCode: 200, body: { a: 1 } }],
  ])('%s is left as it is', (_name, response) => {
    expect(lambdaEdge.rewriteProxyResponse(response)).toBeUndefined()
  })
})
