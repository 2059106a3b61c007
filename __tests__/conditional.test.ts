/**
 * Conditional requests (RFC 9110 §13) through a real Middy stack: which revisits get a 304, what a 304
 * keeps, where the validators come from, and that a 304 costs no base64 and, for a stream, no read.
 */
import { Readable } from 'node:stream'
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import httpCors from '@middy/http-cors'
import { readHttpRequest } from '../src/gateways/index.js'
import type { EncodedBinaryResponse } from '../src/index.js'
// The middleware from its own module: a mutation run finds the tests of a module that they import.
import { binaryResponse } from '../src/middleware.js'
import { isNotModified, isRetrieval } from '../src/response/conditional.js'
import { strongEtag } from '../src/response/validators.js'
import { albMultiValueEvent, httpApiEvent, restApiEvent, withMethod } from './support/events.js'
import { readFixture } from './support/fixtures.js'
import { decoded, invoke, invokeEncoded } from './support/invoke.js'
import { header, run, withHeaders } from './support/stack.js'
import { countingReadable } from './support/streams.js'

const png = readFixture('image.png')
const monday = 'Mon, 17 Nov 2025 10:00:00 GMT'
const earlier = 'Sun, 16 Nov 2025 10:00:00 GMT'
const later = 'Tue, 18 Nov 2025 10:00:00 GMT'

const revisit = (request: Record<string, string>) => withHeaders(httpApiEvent('*/*'), request)

// [case, the response's validators, the request's conditional headers, 304?]
// biome-ignore format: one case a line reads as a table
const CASES: ReadonlyArray<readonly [string, Record<string, string>, Record<string, string>, boolean]> = [
  ['the same ETag', { ETag: '"v1"' }, { 'if-none-match': '"v1"' }, true],
  ['another ETag', { ETag: '"v1"' }, { 'if-none-match': '"v2"' }, false],
  ['a weak request tag, weak comparison', { ETag: '"v1"' }, { 'if-none-match': 'W/"v1"' }, true],
  ['a weak response tag, weak comparison', { ETag: 'W/"v1"' }, { 'if-none-match': '"v1"' }, true],
  ['one of a list', { ETag: '"v2"' }, { 'if-none-match': '"v1", "v2", "v3"' }, true],
  ['none of a list', { ETag: '"v4"' }, { 'if-none-match': '"v1", "v2"' }, false],
  ['an asterisk', { ETag: '"v1"' }, { 'if-none-match': '*' }, true],
  ['If-None-Match without an ETag', { 'Last-Modified': monday }, { 'if-none-match': '"v1"' }, false],
  ['not modified since', { 'Last-Modified': monday }, { 'if-modified-since': monday }, true],
  ['not modified since a later date', { 'Last-Modified': monday }, { 'if-modified-since': later }, true],
  ['modified since', { 'Last-Modified': monday }, { 'if-modified-since': earlier }, false],
  ['an invalid date', { 'Last-Modified': monday }, { 'if-modified-since': 'yesterday' }, false],
  ['If-Modified-Since without Last-Modified', { ETag: '"v1"' }, { 'if-modified-since': monday }, false],
  ['If-None-Match wins over If-Modified-Since', { ETag: '"v1"', 'Last-Modified': monday }, { 'if-none-match': '"v2"', 'if-modified-since': later }, false],
  ['both, the ETag matching', { ETag: '"v1"', 'Last-Modified': monday }, { 'if-none-match': '"v1"', 'if-modified-since': earlier }, true],
  ['Cache-Control: no-cache asks for the bytes', { ETag: '"v1"' }, { 'if-none-match': '"v1"', 'cache-control': 'no-cache' }, false],
  ['no validators on the response', {}, { 'if-none-match': '"v1"', 'if-modified-since': later }, false],
  ['no conditional headers', { ETag: '"v1"', 'Last-Modified': monday }, {}, false],
]

const expect304 = (response: EncodedBinaryResponse) => {
  expect(response.statusCode).toBe(304)
  expect(response.body).toBe('')
}

describe('RFC 9110 §13.1.2, §13.1.3: which revisits get a 304', () => {
  test.each(CASES)('%s', async (_name, validators, request, notModified) => {
    const response = await invokeEncoded(revisit(request), { headers: validators, body: png })
    if (notModified) expect304(response)
    else {
      expect(response.statusCode).toBe(200)
      expect(decoded(response)).toEqual(png)
    }
  })

  test.each(CASES)('from a stream: %s', async (_name, validators, request, notModified) => {
    const { stream, pulled } = countingReadable(png, 100)
    const response = await invokeEncoded(revisit(request), { headers: validators, body: stream })
    if (notModified) {
      expect304(response)
      // Decided from the handler's validators before a byte was read.
      expect(pulled.bytes).toBe(0)
      expect(stream.destroyed).toBe(true)
    } else expect(decoded(response)).toEqual(png)
  })

  test.each([
    ['HEAD', true],
    ['POST', false],
    ['PUT', false],
  ])('method %s', async (method, notModified) => {
    const event = withMethod(revisit({ 'if-none-match': '"v1"' }), method)
    const response = await invokeEncoded(event, { headers: { ETag: '"v1"' }, body: png })
    expect(response.statusCode).toBe(notModified ? 304 : 200)
  })

  test.each([201, 206, 404])('a handler’s status %s is left alone', async (statusCode) => {
    const result = { statusCode, headers: { ETag: '"v1"' }, body: png }
    const response = await invokeEncoded(revisit({ 'if-none-match': '"v1"' }), result)
    expect(response.statusCode).toBe(statusCode)
  })

  test.each([201, 404])('a handler’s status %s from a stream is left alone', async (statusCode) => {
    const { stream } = countingReadable(png, 100)
    const result = { statusCode, headers: { ETag: '"v1"' }, body: stream }
    const response = await invokeEncoded(revisit({ 'if-none-match': '"v1"' }), result)
    expect(response.statusCode).toBe(statusCode)
    expect(decoded(response)).toEqual(png)
  })
})

describe('what a 304 carries', () => {
  const origin = 'https://shop.example'
  const cors = () => httpCors({ origins: [origin] })

  test('the validators and caching headers, none that describe content', async () => {
    const result = {
      headers: {
        ETag: '"v1"',
        'Last-Modified': monday,
        'Cache-Control': 'max-age=60',
        Expires: later,
        'Content-Location': '/images/logo.png',
        'Content-Disposition': 'inline; filename="logo.png"',
        'Content-Length': String(png.length),
        'Content-Language': 'en',
        Vary: 'Origin',
        'X-Request-Id': 'abc',
      },
      cookies: ['a=1'],
      body: png,
    }
    const response = await invokeEncoded(revisit({ 'if-none-match': '"v1"' }), result)
    expect(response).toEqual({
      statusCode: 304,
      headers: {
        ETag: '"v1"',
        'Last-Modified': monday,
        'Cache-Control': 'max-age=60',
        Expires: later,
        'Content-Location': '/images/logo.png',
        Vary: 'Origin, Accept',
        'X-Request-Id': 'abc',
        'X-Content-Type-Options': 'nosniff',
      },
      cookies: ['a=1'],
      body: '',
      isBase64Encoded: true,
    })
  })

  test('an If-None-Match sent twice: each of its values counts', async () => {
    const event = albMultiValueEvent('*/*')
    event.multiValueHeaders = { ...event.multiValueHeaders, 'if-none-match': ['"v0"', '"v1"'] }
    const response = await invokeEncoded(event, { headers: { ETag: '"v1"' }, body: png })
    expect(response.statusCode).toBe(304)
  })

  test('an ALB: multiValueHeaders, and the 304’s own statusDescription', async () => {
    const event = withHeaders(albMultiValueEvent('*/*'), { 'if-none-match': '"v1"' })
    const result = { statusDescription: '200 OK', headers: { ETag: '"v1"' }, body: png }
    const response = await invokeEncoded(event, result)
    expect(response.statusDescription).toBe('304 Not Modified')
    expect(response.multiValueHeaders).toEqual({
      ETag: ['"v1"'],
      Vary: ['Accept'],
      'X-Content-Type-Options': ['nosniff'],
    })
  })

  test.each([
    ['binaryResponse used last', () => [cors(), binaryResponse()]],
    ['binaryResponse used first', () => [binaryResponse(), cors()]],
  ])('CORS headers from @middy/http-cors stay: %s', async (_order, use) => {
    const event = withHeaders(restApiEvent('*/*'), { 'If-None-Match': '"v1"', Origin: origin })
    // A statusCode of its own: Middy's normalizeHttpResponse gives a result without one a 500.
    const result = () => ({ statusCode: 200, headers: { ETag: '"v1"' }, body: png })
    const response = await run(use(), event, result)
    expect(response.statusCode).toBe(304)
    expect(header(response, 'access-control-allow-origin')).toBe(origin)
  })
})

describe('no base64 work for a 304', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  test('toString is never called on the bytes', async () => {
    const encoding = jest.spyOn(Buffer.prototype, 'toString')
    const response = await invokeEncoded(revisit({ 'if-none-match': '"v1"' }), {
      headers: { ETag: '"v1"' },
      body: png,
    })
    expect(response.statusCode).toBe(304)
    expect(encoding.mock.calls.filter(([name]) => name === 'base64')).toEqual([])
  })
})

describe('where the validators come from', () => {
  /** S3's GetObject Body in Node: the HTTP response, with the object's headers. */
  const s3Body = (headers: Record<string, string>) =>
    Object.assign(Readable.from([png]), {
      headers: { 'content-type': 'image/png', 'content-length': String(png.length), ...headers },
      transformToByteArray: async () => png,
    })

  test('an S3 body’s ETag and Last-Modified are sent, and compared', async () => {
    const body = s3Body({ etag: '"abc123"', 'last-modified': monday })
    const first = await invokeEncoded(httpApiEvent('*/*'), body)
    expect(first.headers).toMatchObject({ ETag: '"abc123"', 'Last-Modified': monday })
    const again = await invokeEncoded(
      revisit({ 'if-none-match': '"abc123"' }),
      s3Body({ etag: '"abc123"', 'last-modified': monday }),
    )
    expect304(again)
    expect(again.headers).toMatchObject({ ETag: '"abc123"', 'Last-Modified': monday })
  })

  test('the handler’s Last-Modified, in its own case, wins over the body’s', async () => {
    const result = {
      headers: { 'last-modified': monday },
      body: s3Body({ 'last-modified': later }),
    }
    const response = await invokeEncoded(httpApiEvent('*/*'), result)
    expect(response.headers?.['last-modified']).toBe(monday)
    expect(response.headers).not.toHaveProperty('Last-Modified')
  })

  test('the handler’s ETag wins over the body’s', async () => {
    const result = { headers: { etag: '"mine"' }, body: s3Body({ etag: '"s3"' }) }
    const response = await invokeEncoded(httpApiEvent('*/*'), result)
    expect(response.headers?.etag).toBe('"mine"')
    expect(response.headers).not.toHaveProperty('ETag')
  })

  test('a blank handler ETag gives way to the body’s', async () => {
    const result = { headers: { ETag: ' ' }, body: s3Body({ etag: '"s3"' }) }
    const response = await invokeEncoded(httpApiEvent('*/*'), result)
    expect(response.headers?.ETag).toBe('"s3"')
  })

  test('ETags in multiValueHeaders count', async () => {
    const result = { multiValueHeaders: { ETag: ['"v1"'] }, body: png }
    expect304(await invokeEncoded(revisit({ 'if-none-match': '"v1"' }), result))
  })

  test('bytes declare nothing by themselves', async () => {
    const response = await invokeEncoded(httpApiEvent('*/*'), png)
    expect(response.headers).not.toHaveProperty('ETag')
  })

  test('the etag option: a strong ETag from the bytes, then a 304', async () => {
    const first = await invokeEncoded(httpApiEvent('*/*'), png, { etag: true })
    const etag = String(first.headers?.ETag)
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/)
    expect(etag).toBe(strongEtag(png))
    expect304(await invokeEncoded(revisit({ 'if-none-match': etag }), png, { etag: true }))
  })

  test('the etag option reads a stream whole to hash it', async () => {
    const { stream, pulled } = countingReadable(png, 100)
    const response = await invokeEncoded(revisit({ 'if-none-match': strongEtag(png) }), stream, {
      etag: true,
    })
    expect304(response)
    expect(pulled.bytes).toBe(png.length)
  })

  test('the etag option with a declared ETag: a stream is answered unread', async () => {
    const { stream, pulled } = countingReadable(png, 100)
    const result = { headers: { ETag: '"v1"' }, body: stream }
    const response = await invokeEncoded(revisit({ 'if-none-match': '"v1"' }), result, {
      etag: true,
    })
    expect304(response)
    expect(pulled.bytes).toBe(0)
  })

  test('the etag option leaves a declared ETag alone', async () => {
    const response = await invokeEncoded(
      httpApiEvent('*/*'),
      { headers: { ETag: '"v1"' }, body: png },
      { etag: true },
    )
    expect(response.headers?.ETag).toBe('"v1"')
  })

  test('different bytes, different tags; the same bytes, the same tag', () => {
    expect(strongEtag(png)).toBe(strongEtag(Buffer.from(png)))
    expect(strongEtag(png)).not.toBe(strongEtag(png.subarray(1)))
    expect(strongEtag(Buffer.alloc(0))).toBe('"47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"')
  })

  test('a 304 for a stream whose type is not declared is labelled with nothing', async () => {
    const { stream } = countingReadable(png, 100)
    const result = { headers: { ETag: '"v1"' }, body: stream }
    const response = await invoke(revisit({ 'if-none-match': '"v1"' }), result)
    expect(response).toMatchObject({ statusCode: 304 })
    expect((response as EncodedBinaryResponse).headers).not.toHaveProperty('Content-Type')
  })
})

describe('isNotModified and isRetrieval', () => {
  const request = (headers: Record<string, string>, method = 'GET') => {
    const found = readHttpRequest(withMethod(revisit(headers), method))
    if (found === undefined) throw new Error('not an HTTP event')
    return found
  }
  test.each([
    ['GET', true],
    ['HEAD', true],
    ['POST', false],
    ['head', false],
  ])('%s is a retrieval: %s', (method, expected) => {
    expect(isRetrieval(request({}, method))).toBe(expected)
  })

  test.each([
    ['no validators', {}, { 'if-none-match': '*' }, false],
    ['an ETag only', { etag: '"a"' }, { 'if-none-match': '"a"' }, true],
    ['a Last-Modified only', { lastModified: monday }, { 'if-modified-since': monday }, true],
    ['no condition', { etag: '"a"', lastModified: monday }, {}, false],
  ])('%s', (_name, validators, headers, expected) => {
    const all = { etag: undefined, lastModified: undefined, ...validators }
    expect(isNotModified(request(headers), all)).toBe(expected)
  })
})
