/**
 * The middleware beside each of Middy's HTTP middlewares, the real packages, in both `.use()` orders.
 * Middy runs `after` and `onError` hooks in the reverse of `.use()` order, so "binaryResponse used last"
 * means its after-hook runs first, on the handler's own result.
 */
import { Readable } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import type { MiddlewareObj } from '@middy/core'
import httpContentEncoding from '@middy/http-content-encoding'
import httpContentNegotiation from '@middy/http-content-negotiation'
import httpCors from '@middy/http-cors'
import httpErrorHandler from '@middy/http-error-handler'
import httpHeaderNormalizer from '@middy/http-header-normalizer'
import httpResponseSerializer from '@middy/http-response-serializer'
import httpSecurityHeaders from '@middy/http-security-headers'
import binaryResponse from '../src/index.js'
import { ACCEPT, httpApiEvent, restApiEvent } from './support/events.js'
import { readFixture } from './support/fixtures.js'
import {
  header,
  headerCount,
  headerMembers,
  receivedBytes,
  run,
  runRejected,
  withHeaders,
} from './support/stack.js'

const png = readFixture('image.png')
// gzip shrinks this PDF (2,393 to about 1,250 bytes); it does not shrink the PNG.
const pdf = readFixture('document.pdf')

const images = () => binaryResponse({ binaryMediaTypes: ['image/*'] })
const pdfs = () => binaryResponse({ binaryMediaTypes: ['application/pdf'] })

/** The two `.use()` orders of a pair. */
const orders = (neighbour: () => MiddlewareObj, binary: () => MiddlewareObj = images) =>
  [
    ['binaryResponse used last', () => [neighbour(), binary()]],
    ['binaryResponse used first', () => [binary(), neighbour()]],
  ] as const

const jsonBody = JSON.stringify({ name: 'logo.png', href: '/images/logo.png' })
/** A JSON route's proxy result, as handlers return it without a serializer. */
const jsonResult = () => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: jsonBody,
})

const silentErrorHandler = () => httpErrorHandler({ logger: false })

describe('@middy/http-error-handler: the 406 and 500 become responses, in either order', () => {
  test.each(orders(silentErrorHandler))('%s', async (_order, stack) => {
    const bytes = await run(stack(), restApiEvent(ACCEPT.browserImage), () => png)
    expect(bytes).toMatchObject({ statusCode: 200, isBase64Encoded: true })
    expect(header(bytes, 'content-type')).toBe('image/png')
    expect(receivedBytes(bytes)).toEqual(png)

    const refused = await run(stack(), restApiEvent(ACCEPT.json), () => png)
    expect(refused.statusCode).toBe(406)
    expect(refused.body).toBe(
      'Not Acceptable: this response is binary and is sent only to requests that accept image/*',
    )
    expect(header(refused, 'content-type')).toBe('text/plain')
    expect(refused.isBase64Encoded).toBeUndefined()

    const json = await run(stack(), restApiEvent(ACCEPT.json), jsonResult)
    expect(json).toEqual(jsonResult())
  })

  test('the oversize 500 reaches the client as a plain 500: its message is not exposed', async () => {
    const stack = [silentErrorHandler(), binaryResponse({ maxResponseSize: 1_000 })]
    const response = await run(stack, httpApiEvent(ACCEPT.curl), () => png)
    expect(response).toEqual({ statusCode: 500, headers: {} })
  })
})

describe('@middy/http-cors: headers on bytes in either order; on 406s when the error handler is used after it', () => {
  const origin = 'https://app.example'
  const cors = () => httpCors({ origins: [origin, 'https://admin.example'] })
  const event = (accept: string) => withHeaders(restApiEvent(accept), { Origin: origin })

  test.each(orders(cors))('%s: bytes, Content-Type, CORS headers, Vary', async (_order, stack) => {
    const response = await run(stack(), event(ACCEPT.browserImage), () => png)
    expect(response.statusCode).toBe(200)
    expect(receivedBytes(response)).toEqual(png)
    expect(header(response, 'content-type')).toBe('image/png')
    expect(header(response, 'access-control-allow-origin')).toBe(origin)
    expect(headerMembers(response, 'vary').sort()).toEqual(['accept', 'origin'])
    expect(headerCount(response, 'vary')).toBe(1)

    const json = await run(stack(), event(ACCEPT.json), jsonResult)
    expect(json.body).toBe(jsonBody)
    expect(header(json, 'access-control-allow-origin')).toBe(origin)
  })

  // A result with a body and no statusCode: Middy's normalizeHttpResponse, which http-cors (and
  // http-security-headers, the serializer, the compressor) call in their after-hooks, gives it a 500.
  const noStatusCode = () => ({ headers: { 'Cache-Control': 'max-age=60' }, body: png })
  test.each([
    ['binaryResponse used last', 200, () => [cors(), images()]],
    ['binaryResponse used first', 500, () => [images(), cors()]],
  ] as const)('%s: a result without statusCode is sent as %d', async (_order, status, stack) => {
    const response = await run(stack(), event(ACCEPT.browserImage), noStatusCode)
    expect(response.statusCode).toBe(status)
    expect(receivedBytes(response)).toEqual(png)
  })

  test.each([
    ['error handler used after http-cors', origin, () => [cors(), silentErrorHandler(), images()]],
    [
      'error handler used before http-cors',
      undefined,
      () => [silentErrorHandler(), cors(), images()],
    ],
  ] as const)('406, %s: Access-Control-Allow-Origin is %s', async (_order, allowed, stack) => {
    const response = await run(stack(), event(ACCEPT.json), () => png)
    expect(response.statusCode).toBe(406)
    // http-cors's onError adds nothing until a response exists, and onError hooks run in reverse order.
    expect(header(response, 'access-control-allow-origin')).toBe(allowed)
  })
})

describe('@middy/http-security-headers: headers on bytes in either order; on 406s when the error handler is used after it', () => {
  const security = () => httpSecurityHeaders()

  test.each(orders(security))('%s', async (_order, stack) => {
    const response = await run(stack(), restApiEvent(ACCEPT.browserImage), () => png)
    expect(receivedBytes(response)).toEqual(png)
    expect(header(response, 'content-type')).toBe('image/png')
    expect(header(response, 'strict-transport-security')).toMatch(/^max-age=/)
    expect(header(response, 'x-frame-options')).toBe('DENY')
    // Both set nosniff; the response carries it once.
    expect(headerCount(response, 'x-content-type-options')).toBe(1)
    expect(header(response, 'x-content-type-options')).toBe('nosniff')

    const json = await run(stack(), restApiEvent(ACCEPT.json), jsonResult)
    expect(json.body).toBe(jsonBody)
    expect(header(json, 'x-frame-options')).toBe('DENY')
  })

  test.each([
    ['error handler used after it', 'DENY', () => [security(), silentErrorHandler(), images()]],
    ['error handler used before it', undefined, () => [silentErrorHandler(), security(), images()]],
  ] as const)('406, %s: X-Frame-Options is %s', async (_order, frameOptions, stack) => {
    const response = await run(stack(), restApiEvent(ACCEPT.json), () => png)
    expect(response.statusCode).toBe(406)
    expect(header(response, 'x-frame-options')).toBe(frameOptions)
  })
})

describe('@middy/http-header-normalizer: renamed request headers change nothing, in either order', () => {
  const modes = [
    ['lowercase (default)', () => httpHeaderNormalizer(), 'accept'],
    ['canonical', () => httpHeaderNormalizer({ canonical: true }), 'Accept'],
  ] as const

  // [event, binary middleware, outcome]
  const cases = [
    ['REST, browser <img>', () => restApiEvent(ACCEPT.browserImage), images, 'bytes'],
    ['REST, curl', () => restApiEvent(ACCEPT.curl), images, 406],
    ['HTTP API, navigation to a PDF', () => httpApiEvent(ACCEPT.browserNavigation), pdfs, 'bytes'],
    ['HTTP API, JSON client to a PDF', () => httpApiEvent(ACCEPT.json), pdfs, 406],
  ] as const

  describe.each(modes)('%s', (_mode, normalizer, acceptName) => {
    test.each(cases)('%s', async (_case, event, binary, outcome) => {
      const bytes = binary === pdfs ? pdf : png
      for (const [, stack] of orders(normalizer, binary)) {
        let seen: string[] = []
        const result = (received: { headers?: Record<string, string> }) => {
          // The normalizer really renamed the request's headers before the handler ran.
          seen = Object.keys(received.headers ?? {})
          return bytes
        }
        if (outcome === 'bytes') {
          const response = await run(stack(), event(), result)
          expect(receivedBytes(response)).toEqual(bytes)
          expect(header(response, 'content-type')).toBe(
            binary === pdfs ? 'application/pdf' : 'image/png',
          )
        } else {
          expect((await runRejected(stack(), event(), result)).statusCode).toBe(outcome)
        }
        expect(seen).toContain(acceptName)
        expect(seen).not.toContain(acceptName === 'accept' ? 'Accept' : 'accept')
      }
    })
  })
})

describe('@middy/http-content-negotiation: list the binary types among availableMediaTypes', () => {
  const negotiation = (availableMediaTypes: string[]) => () =>
    httpContentNegotiation({
      parseCharsets: false,
      parseEncodings: false,
      parseLanguages: false,
      availableMediaTypes,
    })
  const both = negotiation(['application/json', 'image/png'])

  test.each(orders(both))('%s', async (_order, stack) => {
    const bytes = await run(stack(), restApiEvent(ACCEPT.browserImage), () => png)
    expect(receivedBytes(bytes)).toEqual(png)
    expect(header(bytes, 'content-type')).toBe('image/png')

    // Acceptable to the negotiation (JSON), not to the binary route: the binary middleware's 406.
    const ours = await runRejected(stack(), restApiEvent(ACCEPT.json), () => png)
    expect(ours.statusCode).toBe(406)
    expect(ours.cause?.package).toBe('middy-binary-response')

    // Acceptable to neither: the negotiation's own 406, before the handler runs.
    const theirs = await runRejected(stack(), restApiEvent('text/html'), () => png)
    expect(theirs.statusCode).toBe(406)
    expect(theirs.cause?.package).toBe('@middy/http-content-negotiation')

    const json = await run(stack(), restApiEvent(ACCEPT.json), jsonResult)
    expect(json).toEqual(jsonResult())
  })

  test.each(orders(negotiation(['application/json'])))(
    '%s, only application/json available: a request for the image is refused before the handler runs',
    async (_order, stack) => {
      let ran = false
      const error = await runRejected(stack(), restApiEvent('image/png'), () => {
        ran = true
        return png
      })
      expect(error.statusCode).toBe(406)
      expect(error.cause?.package).toBe('@middy/http-content-negotiation')
      expect(ran).toBe(false)
    },
  )
})

describe('@middy/http-response-serializer: binaryResponse must be used after it', () => {
  const serializer = () =>
    httpResponseSerializer({
      serializers: [
        { regex: /^application\/json$/, serializer: ({ body }) => JSON.stringify(body) },
      ],
      defaultContentType: 'application/json',
    })
  const objectResult = () => ({ statusCode: 200, body: { name: 'logo.png' } })

  test('binaryResponse used last: bytes with their type; JSON routes serialized as before', async () => {
    const stack = () => [serializer(), images()]
    const bytes = await run(stack(), restApiEvent(ACCEPT.browserImage), () => png)
    expect(bytes.isBase64Encoded).toBe(true)
    expect(receivedBytes(bytes)).toEqual(png)
    expect(header(bytes, 'content-type')).toBe('image/png')

    const json = await run(stack(), restApiEvent(ACCEPT.json), objectResult)
    expect(json).toEqual({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: '{"name":"logo.png"}',
    })
  })

  test('binaryResponse used first: the serializer turns the Buffer into JSON, and no Accept check happens', async () => {
    const stack = [images(), serializer()]
    // A JSON client, which the binary route should refuse, gets the Buffer as JSON with a 200.
    const response = await run(stack, restApiEvent(ACCEPT.json), () => png)
    expect(response.statusCode).toBe(200)
    expect(response.isBase64Encoded).toBeUndefined()
    expect(header(response, 'content-type')).toBe('application/json')
    expect(response.body).toBe(JSON.stringify(png))
    expect(response.body?.startsWith('{"type":"Buffer","data":[137,80,78,71')).toBe(true)
  })
})

describe('@middy/http-content-encoding: binaryResponse must be used after it', () => {
  // http-content-encoding compresses for the encoding http-content-negotiation chose.
  const negotiation = () =>
    httpContentNegotiation({
      parseCharsets: false,
      parseLanguages: false,
      parseMediaTypes: false,
      availableEncodings: ['gzip', 'identity'],
    })
  const gzipEvent = (accept: string) =>
    withHeaders(httpApiEvent(accept), { 'accept-encoding': 'gzip, deflate, br' })

  test('binaryResponse used last: bytes sent as they are; JSON routes compressed as before', async () => {
    const stack = () => [negotiation(), httpContentEncoding(), pdfs()]
    const bytes = await run(stack(), gzipEvent(ACCEPT.browserNavigation), () => pdf)
    expect(header(bytes, 'content-encoding')).toBeUndefined()
    expect(header(bytes, 'content-type')).toBe('application/pdf')
    expect(Buffer.from(bytes.body ?? '', 'base64')).toEqual(pdf)

    const refused = await runRejected(stack(), gzipEvent(ACCEPT.json), () => pdf)
    expect(refused.statusCode).toBe(406)

    const longJson = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => `report-${i}`) })
    const json = await run(stack(), gzipEvent(ACCEPT.json), () => ({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: longJson,
    }))
    expect(header(json, 'content-encoding')).toBe('gzip')
    expect(header(json, 'content-type')).toBe('application/json')
    expect(receivedBytes(json).toString()).toBe(longJson)
  })

  test('binaryResponse used first: compressible bytes are gzipped with no Content-Type, and sent to clients that should get a 406', async () => {
    const stack = [pdfs(), negotiation(), httpContentEncoding()]
    const response = await run(stack, gzipEvent(ACCEPT.json), () => pdf)
    expect(response.statusCode).toBe(200)
    expect(response.isBase64Encoded).toBe(true)
    expect(header(response, 'content-encoding')).toBe('gzip')
    expect(header(response, 'content-type')).toBeUndefined()
    expect(receivedBytes(response)).toEqual(pdf)
  })

  test.each([
    [
      'binaryResponse used last',
      'application/pdf',
      undefined,
      () => [negotiation(), httpContentEncoding(), pdfs()],
    ],
    [
      'binaryResponse used first',
      'application/gzip',
      'gzip',
      () => [pdfs(), negotiation(), httpContentEncoding()],
    ],
  ] as const)(
    '%s, a stream body: sent as %s, Content-Encoding %s',
    async (_order, type, encoding, stack) => {
      // The compressor pipes a stream through gzip whatever it holds; binaryResponse then reads the gzip.
      const response = await run(stack(), gzipEvent(ACCEPT.curl), () => ({
        statusCode: 200,
        body: Readable.from([pdf]),
      }))
      expect(response.isBase64Encoded).toBe(true)
      expect(header(response, 'content-type')).toBe(type)
      expect(header(response, 'content-encoding')).toBe(encoding)
      expect(receivedBytes(response)).toEqual(pdf)
    },
  )

  test('binaryResponse used first: bytes gzip cannot shrink still reach it, so the order only looks safe with PNGs', async () => {
    const stack = [images(), negotiation(), httpContentEncoding()]
    const response = await run(stack, gzipEvent(ACCEPT.browserImage), () => png)
    expect(header(response, 'content-encoding')).toBeUndefined()
    expect(header(response, 'content-type')).toBe('image/png')
    expect(receivedBytes(response)).toEqual(png)
  })
})
