/**
 * The gateway table: one row per gateway, with a sample event of its own, what the middleware must know of
 * it, and the envelope it reads. Adding a gateway adds a row here.
 */
import { describe, expect, test } from '@jest/globals'
import { alb } from '../src/gateways/alb.js'
import { GATEWAYS, identifyGateway, readAccept, readHttpRequest } from '../src/gateways/index.js'
import { restApi } from '../src/gateways/rest-api.js'
import { ALB_RESPONSE_LIMIT, LAMBDA_RESPONSE_LIMIT } from '../src/limits.js'
import { draftResponse, setHeaders } from '../src/response/draft.js'
import {
  albEvent,
  albMultiValueEvent,
  functionUrlEvent,
  httpApiEvent,
  httpApiV1Event,
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

const ROWS = [
  {
    name: 'REST API',
    event: restApiEvent('image/png'),
    source: 'rest-api',
    rule: { buffered: 'rest-api', streaming: 'negotiate' },
    limit: [LAMBDA_RESPONSE_LIMIT, 'a Lambda response'],
    envelope: proxyEnvelope,
  },
  {
    name: 'HTTP API, payload 1.0',
    event: httpApiV1Event('image/png'),
    source: 'http-api-v1',
    rule: { buffered: 'negotiate', streaming: 'negotiate' },
    limit: [LAMBDA_RESPONSE_LIMIT, 'a Lambda response'],
    envelope: proxyEnvelope,
  },
  {
    name: 'HTTP API, payload 2.0',
    event: httpApiEvent('image/png'),
    source: 'http-api',
    rule: { buffered: 'negotiate', streaming: 'negotiate' },
    limit: [LAMBDA_RESPONSE_LIMIT, 'a Lambda response'],
    envelope: proxyEnvelope,
  },
  {
    name: 'Function URL',
    event: functionUrlEvent('image/png'),
    source: 'http-api',
    rule: { buffered: 'negotiate', streaming: 'negotiate' },
    limit: [LAMBDA_RESPONSE_LIMIT, 'a Lambda response'],
    envelope: proxyEnvelope,
  },
  {
    name: 'ALB',
    event: albEvent('image/png'),
    source: 'alb',
    rule: { buffered: 'negotiate', streaming: 'negotiate' },
    limit: [ALB_RESPONSE_LIMIT, 'an ALB response'],
    envelope: { ...proxyEnvelope, statusDescription: '200 OK' },
  },
  {
    name: 'ALB, multi-value headers',
    event: albMultiValueEvent('image/png'),
    source: 'alb',
    rule: { buffered: 'negotiate', streaming: 'negotiate' },
    limit: [ALB_RESPONSE_LIMIT, 'an ALB response'],
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
] as const

describe.each(ROWS)('$name', (row) => {
  const request = readHttpRequest(row.event)

  test('is recognised, with its method and Accept', () => {
    expect(request?.gateway.source).toBe(row.source)
    expect(request?.method).toBe('GET')
    expect(request?.accept).toBe('image/png')
  })

  test('applies its Accept rule, limit and name', () => {
    expect(request?.gateway.acceptRule).toEqual(row.rule)
    expect([request?.gateway.responseLimit, request?.gateway.limitName]).toEqual(row.limit)
  })

  test('writes its envelope', () => {
    expect(request?.gateway.writeEnvelope(draft(), asRecord(row.event))).toEqual(row.envelope)
  })
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
