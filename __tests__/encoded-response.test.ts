import { describe, expect, test } from '@jest/globals'
import {
  ALB_RESPONSE_LIMIT,
  base64Length,
  encodeResponse,
  LAMBDA_RESPONSE_LIMIT,
  type ResponseSettings,
} from '../src/encoded-response.js'
import type { HttpRequest } from '../src/event-source.js'
import { thrown } from './support/errors.js'

const rest: HttpRequest = { source: 'rest-api', multiValueHeaders: false, accept: 'image/png' }
const http: HttpRequest = { source: 'http-api', multiValueHeaders: false, accept: undefined }
const alb: HttpRequest = { source: 'alb', multiValueHeaders: false, accept: undefined }
const albMulti: HttpRequest = { source: 'alb', multiValueHeaders: true, accept: undefined }
const settings: ResponseSettings = {
  contentType: 'image/png',
  noSniff: true,
  maxResponseSize: undefined,
}
const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 128])

const serializedLength = (response: unknown) => Buffer.byteLength(JSON.stringify(response))

describe('base64Length', () => {
  test.each([0, 1, 2, 3, 4, 5, 6, 7, 1000, 4_718_553])('%i bytes', (n) => {
    expect(base64Length(n)).toBe(Buffer.alloc(n).toString('base64').length)
  })
})

describe('encodeResponse', () => {
  test('the bytes alone become a 200 with the headers and a base64 body', () => {
    expect(encodeResponse({}, bytes, rest, settings)).toEqual({
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
    expect(encodeResponse(proxy, bytes, http, settings)).toEqual({
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
    const response = encodeResponse({ headers }, bytes, http, settings)
    expect(response.headers).toEqual({ ...headers, 'Content-Type': 'image/png', Vary: 'Accept' })
  })

  test('noSniff: false adds no X-Content-Type-Options', () => {
    const response = encodeResponse({}, bytes, http, { ...settings, noSniff: false })
    expect(response.headers).toEqual({ 'Content-Type': 'image/png', Vary: 'Accept' })
  })

  test.each([
    [alb, {}, '200 OK', 'headers'],
    [albMulti, {}, '200 OK', 'multiValueHeaders'],
    [alb, { statusCode: 404 }, '404 Not Found', 'headers'],
    [alb, { statusCode: 299 }, '299', 'headers'],
    [albMulti, { statusCode: 201, statusDescription: '201 Made' }, '201 Made', 'multiValueHeaders'],
  ])('ALB %j with %j: statusDescription %j', (request, proxy, description, container) => {
    const response = encodeResponse(proxy, bytes, request, settings)
    expect(response.statusDescription).toBe(description)
    expect(Object.keys(response)).toContain(container)
    expect(Object.keys(response)).not.toContain(
      container === 'headers' ? 'multiValueHeaders' : 'headers',
    )
  })

  test.each([rest, http])('%j responses carry no statusDescription', (request) => {
    expect(encodeResponse({}, bytes, request, settings)).not.toHaveProperty('statusDescription')
  })

  test('the ALB multi-value response carries every header as an array', () => {
    const response = encodeResponse(
      { headers: { 'Cache-Control': 'no-store' } },
      bytes,
      albMulti,
      settings,
    )
    expect(response.multiValueHeaders).toEqual({
      'Cache-Control': ['no-store'],
      'Content-Type': ['image/png'],
      Vary: ['Accept'],
      'X-Content-Type-Options': ['nosniff'],
    })
  })
})

describe('the size limit', () => {
  test.each([
    ['REST', rest, LAMBDA_RESPONSE_LIMIT],
    ['HTTP API', http, LAMBDA_RESPONSE_LIMIT],
    ['ALB', alb, ALB_RESPONSE_LIMIT],
    ['ALB multi-value', albMulti, ALB_RESPONSE_LIMIT],
  ])(
    '%s: the largest body that fits is sent, one more base64 quantum is refused',
    (_name, request, limit) => {
      const envelope = serializedLength(encodeResponse({}, Buffer.alloc(0), request, settings))
      const fits = Math.floor((limit - envelope) / 4) * 3
      const response = encodeResponse({}, Buffer.alloc(fits, 7), request, settings)
      // The arithmetic agrees with what the runtime will serialize.
      expect(serializedLength(response)).toBeLessThanOrEqual(limit)
      expect(serializedLength(response)).toBeGreaterThan(limit - 4)

      const error = thrown(() => encodeResponse({}, Buffer.alloc(fits + 1), request, settings))
      expect(error.statusCode).toBe(500)
      expect(error.expose).toBe(false)
      expect(error.message).toContain(`${limit.toLocaleString('en-US')}-byte limit`)
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
    const size = serializedLength(encodeResponse(proxy, bytes, rest, settings))
    expect(encodeResponse(proxy, bytes, rest, { ...settings, maxResponseSize: size }).body).toBe(
      bytes.toString('base64'),
    )
    const error = thrown(() =>
      encodeResponse(proxy, bytes, rest, { ...settings, maxResponseSize: size - 1 }),
    )
    expect(error.statusCode).toBe(500)
    expect(error.message).toContain(`would be ${size} bytes once serialized`)
    expect(error.message).toContain(`over the ${size - 1}-byte limit.`)
  })

  test('a result the runtime could not serialize is a clear 500, not a crash elsewhere', () => {
    const error = thrown(() => encodeResponse({ trace: 10n }, bytes, rest, settings))
    expect(error.statusCode).toBe(500)
    expect(error.message).toMatch(/cannot be serialized to JSON: .*BigInt/)
    expect(error.cause).toEqual({ package: 'middy-binary-response', data: expect.any(TypeError) })
  })
})
