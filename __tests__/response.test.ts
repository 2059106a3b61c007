/** The draft response, the headers that label its bytes, and the encoding into the gateway's envelope. */
import { describe, expect, test } from '@jest/globals'
import { readHttpRequest } from '../src/gateways/index.js'
import { varyWithAccept } from '../src/headers.js'
import {
  ALB_RESPONSE_LIMIT,
  base64Length,
  bufferedLimit,
  EDGE_ORIGIN_LIMIT,
  EDGE_VIEWER_REQUEST_LIMIT,
  LAMBDA_RESPONSE_LIMIT,
  LATTICE_RESPONSE_LIMIT,
} from '../src/limits.js'
import { draftResponse, removeHeader, setHeaders } from '../src/response/draft.js'
import { encodeResponse } from '../src/response/encode.js'
import { labelRepresentation } from '../src/response/representation.js'
import { thrown } from './support/errors.js'
import {
  albEvent,
  albMultiValueEvent,
  edgeRequestEvent,
  edgeResponseEvent,
  httpApiEvent,
  latticeEvent,
  latticeV1Event,
  restApiEvent,
} from './support/events.js'

const rest = restApiEvent('image/png')
const http = httpApiEvent(undefined)
const alb = albEvent(undefined)
const albMulti = albMultiValueEvent(undefined)
const lattice = latticeEvent(undefined)
const viewerRequest = edgeRequestEvent(undefined)
const originRequest = edgeRequestEvent(undefined, 'origin-request')
const originResponse = edgeResponseEvent(undefined)
const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 128])

interface Settings {
  contentType?: string
  noSniff?: boolean
  maxResponseSize?: number
}

/** The buffered pipeline's last steps: draft, label, encode. */
const encode = (
  proxy: Record<string, unknown> | undefined,
  body: Buffer,
  event: unknown,
  { contentType = 'image/png', noSniff = true, maxResponseSize }: Settings = {},
) => {
  const request = readHttpRequest(event)
  if (request?.bodyLimit === undefined) throw new Error('not an HTTP event that carries a body')
  const draft = draftResponse(proxy, body)
  labelRepresentation(draft, contentType, noSniff)
  return encodeResponse(draft, request, bufferedLimit(request.bodyLimit, maxResponseSize))
}

const serializedLength = (response: unknown) => Buffer.byteLength(JSON.stringify(response))

describe('varyWithAccept', () => {
  test.each([
    [[], 'Accept'],
    [['Origin'], 'Origin, Accept'],
    [['Origin, Accept-Encoding'], 'Origin, Accept-Encoding, Accept'],
    [['Accept'], 'Accept'],
    [['accept'], 'accept'],
    [['Origin', 'origin, Accept'], 'Origin, Accept'],
    [['*'], '*'],
    [['Origin, *'], 'Origin, *'],
    [[' , Origin ,, '], 'Origin, Accept'],
    [[''], 'Accept'],
  ])('%j → %j', (existing, expected) => {
    expect(varyWithAccept(existing)).toBe(expected)
  })
})

describe('the draft', () => {
  test('the bytes alone: a 200 with no headers', () => {
    expect(draftResponse(undefined, bytes)).toEqual({
      statusCode: 200,
      headers: {},
      multiValueHeaders: undefined,
      fields: {},
      body: bytes,
    })
  })

  test('a proxy result: its status, copies of its headers, its other fields', () => {
    const proxy = {
      statusCode: 206,
      headers: { a: '1' },
      multiValueHeaders: { b: ['2'] },
      cookies: ['c=3'],
      isBase64Encoded: false,
      body: 'ignored',
    }
    const draft = draftResponse(proxy, bytes)
    expect(draft).toEqual({
      statusCode: 206,
      headers: { a: '1' },
      multiValueHeaders: { b: ['2'] },
      fields: { cookies: ['c=3'] },
      body: bytes,
    })
    expect(draft.headers).not.toBe(proxy.headers)
    expect(draft.multiValueHeaders).not.toBe(proxy.multiValueHeaders)
  })

  test.each([
    ['headers null', { headers: null, multiValueHeaders: null }],
    ['headers a string', { headers: 'a: 1', multiValueHeaders: ['b'] }],
  ])('%s: no headers', (_name, proxy) => {
    const draft = draftResponse(proxy, bytes)
    expect(draft.headers).toEqual({})
    expect(draft.multiValueHeaders).toBeUndefined()
  })

  test('setHeaders replaces every case of a name, in both containers', () => {
    const draft = draftResponse(
      {
        headers: { 'cache-control': 'max-age=60', 'content-type': 'x/y', VARY: 'Origin' },
        multiValueHeaders: { 'Set-Cookie': ['a=1'], 'Content-Type': ['x/z'] },
      },
      bytes,
    )
    setHeaders(draft, { 'Content-Type': 'image/png', Vary: 'Origin, Accept' })
    expect(draft.headers).toEqual({
      'cache-control': 'max-age=60',
      'Content-Type': 'image/png',
      Vary: 'Origin, Accept',
    })
    expect(draft.multiValueHeaders).toEqual({ 'Set-Cookie': ['a=1'] })
  })

  test('removeHeader removes every copy', () => {
    const draft = draftResponse(
      { headers: { ETag: '"a"', etag: '"b"', x: '1' }, multiValueHeaders: { ETAG: ['"c"'] } },
      bytes,
    )
    removeHeader(draft, 'etag')
    expect(draft.headers).toEqual({ x: '1' })
    expect(draft.multiValueHeaders).toEqual({})
  })

  test('never mutates the handler’s objects', () => {
    const headers = { 'Content-Type': 'x/y', a: '1' }
    const multiValueHeaders = { Vary: ['Origin'] }
    const proxy = { headers, multiValueHeaders, cookies: ['a=1'] }
    const before = structuredClone(proxy)
    for (const event of [rest, albMulti]) encode(proxy, bytes, event)
    expect(proxy).toEqual(before)
    expect(proxy.headers).toBe(headers)
  })
})

describe('labelRepresentation', () => {
  test('reads Vary from both containers, any case, strings only', () => {
    const draft = draftResponse(
      {
        headers: { Vary: 'Origin', vary: 3 },
        multiValueHeaders: { VARY: ['Accept-Encoding', null], other: ['x'] },
      },
      bytes,
    )
    labelRepresentation(draft, 'image/png', false)
    expect(draft.headers).toEqual({
      'Content-Type': 'image/png',
      Vary: 'Origin, Accept-Encoding, Accept',
    })
    expect(draft.multiValueHeaders).toEqual({ other: ['x'] })
  })
})

describe('encodeResponse', () => {
  test('the bytes alone become a 200 with the headers and a base64 body', () => {
    expect(encode(undefined, bytes, rest)).toEqual({
      statusCode: 200,
      headers: { 'Content-Type': 'image/png', Vary: 'Accept', 'X-Content-Type-Options': 'nosniff' },
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    })
  })

  test('every other field of the result is kept, cookies included', () => {
    const proxy = {
      statusCode: 206,
      headers: { 'Cache-Control': 'max-age=60', Vary: 'Origin' },
      cookies: ['a=1; Secure'],
      body: bytes,
      isBase64Encoded: false,
      custom: { kept: true },
    }
    expect(encode(proxy, bytes, http)).toEqual({
      statusCode: 206,
      headers: {
        'Cache-Control': 'max-age=60',
        'Content-Type': 'image/png',
        Vary: 'Origin, Accept',
        'X-Content-Type-Options': 'nosniff',
      },
      cookies: ['a=1; Secure'],
      body: bytes.toString('base64'),
      isBase64Encoded: true,
      custom: { kept: true },
    })
  })

  test.each([
    ['a nosniff of its own', { 'x-content-type-options': 'nosniff' }],
    ['another value of its own', { 'X-Content-Type-Options': 'none' }],
  ])('the handler’s X-Content-Type-Options is kept: %s', (_name, headers) => {
    const response = encode({ headers }, bytes, http)
    expect(response.headers).toEqual({ ...headers, 'Content-Type': 'image/png', Vary: 'Accept' })
  })

  test('noSniff: false adds no X-Content-Type-Options', () => {
    const response = encode(undefined, bytes, http, { noSniff: false })
    expect(response.headers).toEqual({ 'Content-Type': 'image/png', Vary: 'Accept' })
  })

  test.each([
    ['REST', rest],
    ['HTTP API', http],
  ])('%s responses carry no statusDescription', (_name, event) => {
    expect(encode(undefined, bytes, event)).not.toHaveProperty('statusDescription')
  })

  test('a Lambda@Edge response: status, header lists, bodyEncoding', () => {
    expect(encode({ headers: { 'Cache-Control': 'max-age=60' } }, bytes, viewerRequest)).toEqual({
      status: '200',
      statusDescription: 'OK',
      headers: {
        'cache-control': [{ key: 'Cache-Control', value: 'max-age=60' }],
        'content-type': [{ key: 'Content-Type', value: 'image/png' }],
        vary: [{ key: 'Vary', value: 'Accept' }],
        'x-content-type-options': [{ key: 'X-Content-Type-Options', value: 'nosniff' }],
      },
      body: bytes.toString('base64'),
      bodyEncoding: 'base64',
    })
  })

  test('a VPC Lattice response is the proxy one', () => {
    expect(encode(undefined, bytes, latticeV1Event(undefined))).toEqual(
      encode(undefined, bytes, rest),
    )
  })

  test('the ALB multi-value response carries every header as an array', () => {
    const response = encode({ headers: { 'Cache-Control': 'no-store' } }, bytes, albMulti)
    expect(response.multiValueHeaders).toEqual({
      'Cache-Control': ['no-store'],
      'Content-Type': ['image/png'],
      Vary: ['Accept'],
      'X-Content-Type-Options': ['nosniff'],
    })
  })
})

describe('base64Length', () => {
  test.each([0, 1, 2, 3, 4, 5, 6, 7, 1000, 4_718_553])('%i bytes', (n) => {
    expect(base64Length(n)).toBe(Buffer.alloc(n).toString('base64').length)
  })
})

describe('the size limit', () => {
  test.each([
    ['REST', rest, LAMBDA_RESPONSE_LIMIT, 'Lambda'],
    ['HTTP API', http, LAMBDA_RESPONSE_LIMIT, 'Lambda'],
    ['ALB', alb, ALB_RESPONSE_LIMIT, 'ALB'],
    ['ALB multi-value', albMulti, ALB_RESPONSE_LIMIT, 'ALB'],
    ['VPC Lattice', lattice, LATTICE_RESPONSE_LIMIT, 'VPC Lattice'],
    [
      'Lambda@Edge viewer request',
      viewerRequest,
      EDGE_VIEWER_REQUEST_LIMIT,
      'Lambda@Edge viewer-request',
    ],
    ['Lambda@Edge origin request', originRequest, EDGE_ORIGIN_LIMIT, 'Lambda@Edge origin-request'],
    [
      'Lambda@Edge origin response',
      originResponse,
      EDGE_ORIGIN_LIMIT,
      'Lambda@Edge origin-response',
    ],
  ])(
    '%s: the largest body that fits is sent, one more base64 quantum is refused',
    (_name, event, limit, platform) => {
      const envelope = serializedLength(encode(undefined, Buffer.alloc(0), event))
      const fits = Math.floor((limit - envelope) / 4) * 3
      const response = encode(undefined, Buffer.alloc(fits, 7), event)
      // The arithmetic agrees with what the runtime will serialize.
      expect(serializedLength(response)).toBeLessThanOrEqual(limit)
      expect(serializedLength(response)).toBeGreaterThan(limit - 4)

      const error = thrown(() => encode(undefined, Buffer.alloc(fits + 1), event))
      expect(error.statusCode).toBe(500)
      expect(error.expose).toBe(false)
      expect(error.message).toContain(`${limit.toLocaleString('en-US')}-byte limit of a`)
      expect(error.message).toContain(` ${platform} response.`)
      expect(error.message).toContain(`${(fits + 1).toLocaleString('en-US')} bytes of binary body`)
      expect(error.message).toMatch(/response streaming/)
      expect(error.message).toMatch(/presigned S3 URL/)
      expect(error.cause).toEqual({
        package: 'middy-binary-response',
        data: {
          size: serializedLength({ ...response, body: Buffer.alloc(fits + 3).toString('base64') }),
          limit,
        },
      })
    },
  )

  test('maxResponseSize replaces the platform limit, exactly', () => {
    const proxy = { headers: { 'Cache-Control': 'public' }, cookies: ['é=ü'] }
    const size = serializedLength(encode(proxy, bytes, rest))
    expect(encode(proxy, bytes, rest, { maxResponseSize: size }).body).toBe(
      bytes.toString('base64'),
    )
    const error = thrown(() => encode(proxy, bytes, rest, { maxResponseSize: size - 1 }))
    expect(error.statusCode).toBe(500)
    expect(error.message).toContain(`would be ${size} bytes once serialized`)
    expect(error.message).toContain(`over the ${size - 1}-byte limit.`)
  })

  test('a result the runtime could not serialize is a clear 500, not a crash elsewhere', () => {
    const error = thrown(() => encode({ trace: 10n }, bytes, rest))
    expect(error.statusCode).toBe(500)
    expect(error.message).toMatch(/cannot be serialized to JSON: .*BigInt/)
    expect(error.cause).toEqual({ package: 'middy-binary-response', data: expect.any(TypeError) })
  })
})
