/**
 * Range requests (RFC 9110 §14) through a real Middy stack: which Range gets a 206, which the whole body
 * and which the 416; If-Range; the largest part that fits the gateway's limit; stream bodies read only as
 * far as the part; and a handler's own 206 passed through.
 */
import { describe, expect, test } from '@jest/globals'
import httpErrorHandler from '@middy/http-error-handler'
import type { EncodedBinaryResponse } from '../src/index.js'
import { largestFittingPart } from '../src/limits.js'
// The middleware from its own module: a mutation run finds the tests of a module that they import.
import { binaryResponse } from '../src/middleware.js'
import { draftResponse } from '../src/response/draft.js'
import { handlersPart, limitPart, rangesApply } from '../src/response/range.js'
import { rejection } from './support/errors.js'
import {
  albEvent,
  albMultiValueEvent,
  edgeRequestEvent,
  functionUrlEvent,
  httpApiEvent,
  httpApiV1Event,
  latticeEvent,
  latticeV1Event,
  restApiEvent,
  withMethod,
} from './support/events.js'
import { readFixture } from './support/fixtures.js'
import { decoded, invoke, invokeEncoded } from './support/invoke.js'
import { header, run, withHeaders } from './support/stack.js'
import { countingReadable, countingWebStream } from './support/streams.js'

// A real PDF of 2,393 bytes: the ranges below are written against that length.
const pdf = readFixture('document.pdf')
const L = pdf.length
const png = readFixture('image.png')

const ranged = (range: string, extra: Record<string, string> = {}) =>
  withHeaders(httpApiEvent('*/*'), { range, ...extra })

type Expected = 'whole' | 416 | readonly [number, number]

// [case, Range, expected for the 2,393-byte PDF]
// biome-ignore format: one case a line reads as a table
const RFC_CASES: ReadonlyArray<readonly [string, string, Expected]> = [
  ['the first byte', 'bytes=0-0', [0, 0]],
  ['the first 500 bytes', 'bytes=0-499', [0, 499]],
  ['the second 500 bytes', 'bytes=500-999', [500, 999]],
  ['from a byte to the end', 'bytes=2000-', [2000, L - 1]],
  ['the last 500 bytes', 'bytes=-500', [L - 500, L - 1]],
  ['a suffix longer than the body', 'bytes=-5000', [0, L - 1]],
  ['an end past the end', 'bytes=2000-9999', [2000, L - 1]],
  ['the last byte', 'bytes=2392-2392', [L - 1, L - 1]],
  ['from byte 0: all, as a 206', 'bytes=0-', [0, L - 1]],
  ['the unit in capitals', 'Bytes=0-1', [0, 1]],
  ['spaces around the range', 'bytes= 0-1 ', [0, 1]],
  ['leading zeros', 'bytes=0001-0002', [1, 2]],
  ['overlapping ranges, merged', 'bytes=0-10,5-20', [0, 20]],
  ['adjacent ranges, merged', 'bytes=0-9,10-19', [0, 19]],
  ['one satisfiable of two', 'bytes=0-1,5000-', [0, 1]],
  ['a start at the length', 'bytes=2393-', 416],
  ['a start past the end', 'bytes=5000-6000', 416],
  ['a suffix of zero bytes', 'bytes=-0', 416],
  ['a start of 20 digits', 'bytes=99999999999999999999-', 416],
  ['two ranges apart', 'bytes=0-1,5-6', 'whole'],
  ['another unit', 'items=0-1', 'whole'],
  ['no range set', 'bytes', 'whole'],
  ['an empty set', 'bytes=', 'whole'],
  ['a lone dash', 'bytes=-', 'whole'],
  ['a reversed range', 'bytes=5-1', 'whole'],
  ['letters', 'bytes=a-b', 'whole'],
  ['a sign', 'bytes=+1-2', 'whole'],
  ['an exponent', 'bytes=1e3-', 'whole'],
  ['a malformed range among good ones', 'bytes=0-1,x', 'whole'],
  ['malformed and unsatisfiable', 'bytes=x,5000-', 'whole'],
]

/** Checks a response against what a Range case expects of `bytes`. */
const expectAnswer = async (
  response: Promise<unknown>,
  bytes: Buffer,
  expected: Expected,
  type = 'application/pdf',
) => {
  if (expected === 416) {
    const error = await rejection(response)
    expect(error.statusCode).toBe(416)
    expect((error as unknown as { headers: unknown }).headers).toEqual({
      'Content-Range': `bytes */${bytes.length}`,
    })
    expect(error.cause).toEqual({
      package: 'middy-binary-response',
      data: { length: bytes.length },
    })
    return
  }
  const encoded = (await response) as EncodedBinaryResponse
  expect(encoded.headers?.['Accept-Ranges']).toBe('bytes')
  expect(encoded.headers?.['Content-Type']).toBe(type)
  if (expected === 'whole') {
    expect(encoded.statusCode).toBe(200)
    expect(encoded.headers).not.toHaveProperty('Content-Range')
    expect(decoded(encoded)).toEqual(bytes)
    return
  }
  const [start, end] = expected
  expect(encoded.statusCode).toBe(206)
  expect(encoded.headers?.['Content-Range']).toBe(`bytes ${start}-${end}/${bytes.length}`)
  expect(decoded(encoded)).toEqual(bytes.subarray(start, end + 1))
}

describe('RFC 9110 §14: what a Range gets', () => {
  test.each(RFC_CASES)('%s (%s)', async (_name, range, expected) => {
    await expectAnswer(invoke(ranged(range), pdf), pdf, expected)
  })

  test.each(RFC_CASES)('from a stream of declared length: %s', async (_name, range, expected) => {
    const { stream } = countingReadable(pdf, 300)
    const result = { headers: { 'Content-Length': String(L) }, body: stream }
    await expectAnswer(invoke(ranged(range), result), pdf, expected)
  })

  // A zero-length body has no byte to send: only a suffix range is satisfiable, with the empty whole.
  test.each([
    ['bytes=0-', 416],
    ['bytes=0-0', 416],
    ['bytes=-5', 'whole'],
    ['bytes=-0', 416],
    ['bytes=x', 'whole'],
  ] as const)('an empty body, %s', async (range, expected) => {
    await expectAnswer(
      invoke(ranged(range), Buffer.alloc(0)),
      Buffer.alloc(0),
      expected,
      'application/octet-stream',
    )
  })

  test('no Range: the whole, advertising ranges', async () => {
    await expectAnswer(invoke(httpApiEvent('*/*'), pdf), pdf, 'whole')
  })

  test('Range sent twice: malformed, the whole', async () => {
    const event = restApiEvent('*/*')
    event.multiValueHeaders = { ...event.multiValueHeaders, Range: ['bytes=0-1', 'bytes=2-3'] }
    await expectAnswer(invoke(event, pdf), pdf, 'whole')
  })

  test('the 416 through @middy/http-error-handler: Content-Range with the length', async () => {
    const response = await run(
      [httpErrorHandler({ logger: false }), binaryResponse()],
      ranged('bytes=9000-'),
      () => pdf,
    )
    expect(response.statusCode).toBe(416)
    expect(header(response as Response, 'content-range')).toBe(`bytes */${L}`)
    expect(response.body).toBe(
      `Range Not Satisfiable: no requested range overlaps the 2,393-byte body`,
    )
  })
})

describe('a 206 keeps everything else of the response', () => {
  // The handler's statusDescription described its 200: it goes, and an ALB gets the 206's own.
  const partial = '206 Partial Content'
  // biome-ignore format: one case a line reads as a table
  test.each([
    ['REST API', withHeaders(restApiEvent('image/png'), { Range: 'bytes=10-19' }), 'headers', undefined],
    ['HTTP API 1.0', withHeaders(httpApiV1Event('*/*'), { range: 'bytes=10-19' }), 'headers', undefined],
    ['HTTP API', withHeaders(httpApiEvent('*/*'), { range: 'bytes=10-19' }), 'headers', undefined],
    ['Function URL', withHeaders(functionUrlEvent('*/*'), { range: 'bytes=10-19' }), 'headers', undefined],
    ['ALB', withHeaders(albEvent('*/*'), { range: 'bytes=10-19' }), 'headers', partial],
    ['ALB multi-value', withHeaders(albMultiValueEvent('*/*'), { range: 'bytes=10-19' }), 'multiValueHeaders', partial],
  ] as const)('%s', async (_name, event, container, description) => {
    const result = {
      statusCode: 200,
      statusDescription: '200 OK',
      headers: { 'Cache-Control': 'max-age=60', 'Content-Length': String(png.length) },
      cookies: ['a=1'],
      body: png,
    }
    const response = await invokeEncoded(event, result)
    expect(response.statusCode).toBe(206)
    expect(response.cookies).toEqual(['a=1'])
    expect(decoded(response)).toEqual(png.subarray(10, 20))
    const headers = Object.fromEntries(
      Object.entries(response[container] ?? {}).map(([name, value]) => [name, String(value)]),
    )
    expect(headers).toEqual({
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'max-age=60',
      'Content-Range': `bytes 10-19/${png.length}`,
      'Content-Type': 'image/png',
      Vary: 'Accept',
      'X-Content-Type-Options': 'nosniff',
    })
    expect(response.statusDescription).toBe(description)
  })
})

describe('If-Range (RFC 9110 §13.1.5)', () => {
  const date = 'Wed, 21 Oct 2015 07:28:00 GMT'
  // [case, the response's ETag, its Last-Modified, If-Range, ranged?]
  // biome-ignore format: one case a line reads as a table
  const cases: ReadonlyArray<readonly [string, string | undefined, string | undefined, string, boolean]> = [
    ['the same strong ETag', '"v1"', undefined, '"v1"', true],
    ['the same ETag, spaces around it', '"v1"', undefined, ' "v1" ', true],
    ['another ETag', '"v1"', undefined, '"v2"', false],
    ['a weak ETag never matches', '"v1"', undefined, 'W/"v1"', false],
    ['nor does a weak response ETag', 'W/"v1"', undefined, 'W/"v1"', false],
    ['a strong one against a weak response ETag', 'W/"v1"', undefined, '"v1"', false],
    ['an ETag without one on the response', undefined, date, '"v1"', false],
    ['the same date', undefined, date, date, true],
    ['another date', undefined, date, 'Thu, 22 Oct 2015 07:28:00 GMT', false],
    ['the same date written otherwise', undefined, date, 'Wednesday, 21-Oct-15 07:28:00 GMT', false],
    ['a date without Last-Modified', '"v1"', undefined, date, false],
    ['garbage', '"v1"', date, 'yesterday', false],
  ]
  test.each(cases)('%s', async (_name, etag, lastModified, ifRange, partial) => {
    const headers: Record<string, string> = {}
    if (etag !== undefined) headers.ETag = etag
    if (lastModified !== undefined) headers['Last-Modified'] = lastModified
    const response = invoke(ranged('bytes=0-9', { 'if-range': ifRange }), { headers, body: pdf })
    await expectAnswer(response, pdf, partial ? [0, 9] : 'whole')
  })

  test('an If-Range without a Range: the whole', async () => {
    const event = withHeaders(httpApiEvent('*/*'), { 'if-range': '"v1"' })
    await expectAnswer(invoke(event, { headers: { ETag: '"v1"' }, body: pdf }), pdf, 'whole')
  })
})

describe('when a Range is ignored', () => {
  test.each([
    ['a status other than 200', { statusCode: 201, body: pdf }, 201],
    ['a 404 with bytes', { statusCode: 404, body: pdf }, 404],
    [
      'Accept-Ranges: none from the handler',
      { headers: { 'Accept-Ranges': 'none' }, body: pdf },
      200,
    ],
  ])('%s: the whole, as it was', async (_name, result, status) => {
    const response = await invokeEncoded(ranged('bytes=0-9'), result)
    expect(response.statusCode).toBe(status)
    expect(response.headers).not.toHaveProperty('Content-Range')
    expect(response.headers?.['Accept-Ranges'] ?? 'none').toBe('none')
    expect(decoded(response)).toEqual(pdf)
  })

  test('the option off: no Accept-Ranges, no 206', async () => {
    const response = await invokeEncoded(ranged('bytes=0-9'), pdf, { ranges: false })
    expect(response.statusCode).toBe(200)
    expect(response.headers).not.toHaveProperty('Accept-Ranges')
    expect(decoded(response)).toEqual(pdf)
  })

  test.each(['POST', 'PUT', 'get'])('method %s: the whole, still advertising', async (method) => {
    const response = await invokeEncoded(withMethod(ranged('bytes=0-9'), method), pdf)
    expect(response.statusCode).toBe(200)
    expect(response.headers?.['Accept-Ranges']).toBe('bytes')
    expect(decoded(response)).toEqual(pdf)
  })

  test('an event that names no method: the whole', async () => {
    const event = ranged('bytes=0-9')
    const response = await invokeEncoded(
      { ...event, requestContext: { ...event.requestContext, http: {} } },
      pdf,
    )
    expect(response.statusCode).toBe(200)
  })
})

type Response = Parameters<typeof header>[0]
const serializedSize = (response: unknown) => Buffer.byteLength(JSON.stringify(response))

/** The same 206 with one more byte of `bytes`: what the middleware must not have sent. */
const oneByteMore = (response: EncodedBinaryResponse, bytes: Buffer): EncodedBinaryResponse => {
  const copy = structuredClone(response)
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header(copy as Response, 'content-range') ?? '')
  if (range === null) throw new Error('no Content-Range')
  const start = Number(range[1])
  const end = Number(range[2]) + 1
  const value = `bytes ${start}-${end}/${range[3]}`
  if (copy.multiValueHeaders !== undefined) copy.multiValueHeaders['Content-Range'] = [value]
  else if (copy.headers !== undefined) copy.headers['Content-Range'] = value
  copy.body = bytes.subarray(start, end + 1).toString('base64')
  return copy
}

describe('a part larger than the response can carry', () => {
  // A body 3 times the limit, ranges whose last byte crosses from 2 to 3 and from 3 to 4 digits.
  const body = Buffer.concat([pdf, pdf, pdf]).subarray(0, 3 * 2400)
  // biome-ignore format: one case a line reads as a table
  test.each([
    ['HTTP API, from 0', httpApiEvent('*/*'), 'bytes=0-', 2400],
    ['HTTP API, a suffix', httpApiEvent('*/*'), 'bytes=-5000', 2400],
    ['HTTP API, ending past 99', httpApiEvent('*/*'), 'bytes=60-', 800],
    ['HTTP API, ending past 999', httpApiEvent('*/*'), 'bytes=900-', 1500],
    ['REST API', restApiEvent('image/png'), 'bytes=100-', 2400],
    ['ALB', albEvent('*/*'), 'bytes=100-', 2400],
    ['ALB multi-value', albMultiValueEvent('*/*'), 'bytes=100-', 2400],
  ] as const)('%s: the largest leading part that fits', async (_name, event, range, limit) => {
    const options = { maxResponseSize: limit }
    const response = await invokeEncoded(withHeaders(event, { range }), body, options)
    expect(response.statusCode).toBe(206)
    const [, start, end] = /^bytes (\d+)-(\d+)\//.exec(header(response as Response, 'content-range') ?? '') ?? []
    expect(decoded(response)).toEqual(body.subarray(Number(start), Number(end) + 1))
    expect(serializedSize(response)).toBeLessThanOrEqual(limit)
    expect(serializedSize(oneByteMore(response, body))).toBeGreaterThan(limit)
  })

  test('at Lambda’s own limit: a 50 MB file, the first part', async () => {
    const large = Buffer.alloc(50_000_000, 7)
    const response = await invokeEncoded(
      withHeaders(httpApiEvent('*/*'), { range: 'bytes=0-' }),
      large,
    )
    expect(header(response as Response, 'content-range')).toMatch(/^bytes 0-\d+\/50000000$/)
    expect(serializedSize(response)).toBeLessThanOrEqual(6_291_556)
    expect(serializedSize(oneByteMore(response, large))).toBeGreaterThan(6_291_556)
  })

  test('headers too large for even one byte: the 500, naming the whole part’s size', async () => {
    // 10,000 bytes: the last one, byte 9,999, has four digits, one more would have five.
    const bytes = Buffer.concat([body, body]).subarray(0, 10_000)
    const result = () => ({ headers: { 'X-Padding': 'x'.repeat(900) }, body: bytes })
    // The same 206 with no limit to cut it: the size the 500 names.
    const whole = serializedSize(await invokeEncoded(ranged('bytes=0-'), result()))
    const error = await rejection(invoke(ranged('bytes=0-'), result(), { maxResponseSize: 1000 }))
    expect(error.statusCode).toBe(500)
    expect(error.message).toContain(
      `the response would be ${whole.toLocaleString('en-US')} bytes once serialized (10,000 bytes of binary body as base64), over the 1,000-byte limit`,
    )
  })

  test('without a Range, the same body is still refused', async () => {
    const error = await rejection(invoke(httpApiEvent('*/*'), body, { maxResponseSize: 2400 }))
    expect(error.statusCode).toBe(500)
  })
})

describe('a part of a stream', () => {
  const big = Buffer.concat(Array.from({ length: 40 }, () => pdf))
  const declared = (stream: unknown, length = big.length) => ({
    headers: { 'Content-Length': String(length) },
    body: stream,
  })

  test('reads up to the part’s end only, and destroys the stream', async () => {
    const { stream, pulled } = countingReadable(big, 1000)
    const response = await invokeEncoded(ranged('bytes=20000-20999'), declared(stream))
    expect(decoded(response)).toEqual(big.subarray(20000, 21000))
    // What the Readable reads ahead of its reader, and no more.
    expect(pulled.bytes).toBeLessThanOrEqual(21000 + stream.readableHighWaterMark + 1000)
    expect(stream.destroyed).toBe(true)
  })

  test('a web stream is cancelled after the part', async () => {
    const { stream, state } = countingWebStream(big, 1000)
    const response = await invokeEncoded(ranged('bytes=0-99'), declared(stream))
    expect(decoded(response)).toEqual(big.subarray(0, 100))
    // The first 4,100 bytes are read to sniff the type, and nothing after them.
    expect(state.pulled).toBe(5000)
    expect(state.cancelled).toBe(true)
  })

  test('a declared type: nothing is read for sniffing', async () => {
    const { stream, state } = countingWebStream(big, 1000)
    const result = {
      headers: { 'Content-Type': 'application/pdf', 'Content-Length': String(big.length) },
      body: stream,
    }
    const response = await invokeEncoded(ranged('bytes=0-99'), result)
    expect(decoded(response)).toEqual(big.subarray(0, 100))
    expect(state.pulled).toBe(1000)
  })

  test('an S3 body’s ETag and Last-Modified come with the part', async () => {
    const body = Object.assign(countingReadable(big, 1000).stream, {
      headers: {
        'content-length': String(big.length),
        etag: '"s3"',
        'last-modified': 'Mon, 17 Nov 2025 10:00:00 GMT',
      },
      transformToByteArray: async () => big,
    })
    const response = await invokeEncoded(ranged('bytes=5-9'), body)
    expect(response.headers).toMatchObject({
      ETag: '"s3"',
      'Last-Modified': 'Mon, 17 Nov 2025 10:00:00 GMT',
    })
    expect(decoded(response)).toEqual(big.subarray(5, 10))
  })

  test('an undeclared type is sniffed from the first bytes, not the part’s', async () => {
    const { stream } = countingReadable(big, 1000)
    const response = await invokeEncoded(ranged('bytes=50000-50099'), declared(stream))
    expect(response.headers?.['Content-Type']).toBe('application/pdf')
  })

  test('larger than the limit: the leading part that fits, read no further', async () => {
    const { stream, pulled } = countingReadable(big, 1000)
    const options = { maxResponseSize: 20_000 }
    const response = await invokeEncoded(ranged('bytes=1000-'), declared(stream), options)
    const end = Number(/-(\d+)\//.exec(header(response as Response, 'content-range') ?? '')?.[1])
    expect(decoded(response)).toEqual(big.subarray(1000, end + 1))
    expect(serializedSize(response)).toBeLessThanOrEqual(20_000)
    expect(pulled.bytes).toBeLessThanOrEqual(end + 1 + stream.readableHighWaterMark + 1000)
  })

  test('an unsatisfiable range: the 416, the stream destroyed unread', async () => {
    const { stream, pulled } = countingReadable(big, 1000)
    const error = await rejection(invoke(ranged(`bytes=${big.length}-`), declared(stream)))
    expect(error.statusCode).toBe(416)
    expect(pulled.bytes).toBe(0)
    expect(stream.destroyed).toBe(true)
  })

  test('a stream that ends before the part does: a 500, never a short 206', async () => {
    const { stream } = countingReadable(pdf, 1000)
    const error = await rejection(invoke(ranged('bytes=2000-2999'), declared(stream, 5000)))
    expect(error.statusCode).toBe(500)
    expect(error.message).toContain(
      'the stream ended after 2393 bytes, before the end of the range at byte 3000',
    )
  })

  test('headers too large for even one byte: the 500, the stream released', async () => {
    const { stream } = countingReadable(big, 1000)
    const result = {
      headers: { 'Content-Length': String(big.length), 'X-Padding': 'x'.repeat(900) },
      body: stream,
    }
    const error = await rejection(invoke(ranged('bytes=0-'), result, { maxResponseSize: 1000 }))
    expect(error.statusCode).toBe(500)
    expect(stream.destroyed).toBe(true)
  })

  test('without a declared length: read whole, then ranged', async () => {
    const { stream, pulled } = countingReadable(pdf, 500)
    const response = await invokeEncoded(ranged('bytes=100-199'), stream)
    expect(decoded(response)).toEqual(pdf.subarray(100, 200))
    expect(pulled.bytes).toBe(pdf.length)
  })

  test('a Blob declares its size', async () => {
    const response = await invokeEncoded(ranged('bytes=-10'), new Blob([pdf]))
    expect(response.statusCode).toBe(206)
    expect(decoded(response)).toEqual(pdf.subarray(L - 10))
  })
})

describe('a handler’s own 206', () => {
  const part = pdf.subarray(100, 200)
  /** A 206 as S3 answers one, its Content-Length the part's. */
  const own = (body: unknown, contentRange = `bytes 100-199/${L}`) => {
    const [, first, last] = /(\d+)-(\d+)/.exec(contentRange) ?? []
    return {
      statusCode: 206,
      headers: {
        'Content-Range': contentRange,
        'Content-Length': String(Number(last) - Number(first) + 1),
        'Content-Type': 'application/pdf',
      },
      body,
    }
  }

  test('passes through as it is, whatever the request’s Range', async () => {
    const response = await invokeEncoded(ranged('bytes=0-9'), own(part))
    expect(response.statusCode).toBe(206)
    expect(response.headers).toEqual({
      'Content-Range': `bytes 100-199/${L}`,
      'Content-Length': '100',
      'Content-Type': 'application/pdf',
      Vary: 'Accept',
      'X-Content-Type-Options': 'nosniff',
    })
    expect(decoded(response)).toEqual(part)
  })

  test('from a stream, the same', async () => {
    const { stream } = countingReadable(part, 30)
    const response = await invokeEncoded(ranged('bytes=0-9'), own(stream))
    expect(response.headers?.['Content-Range']).toBe(`bytes 100-199/${L}`)
    expect(decoded(response)).toEqual(part)
  })

  test.each([
    ['bytes', () => part],
    ['a stream', () => countingReadable(part, 30).stream],
  ])('exactly at the limit, from %s: as it was, its Content-Length kept', async (_name, make) => {
    const size = serializedSize(await invokeEncoded(httpApiEvent('*/*'), own(part)))
    const response = await invokeEncoded(httpApiEvent('*/*'), own(make()), {
      maxResponseSize: size,
    })
    expect(response.headers).toMatchObject({
      'Content-Range': `bytes 100-199/${L}`,
      'Content-Length': '100',
    })
    expect(serializedSize(response)).toBe(size)
  })

  test.each([
    ['bytes', () => big3],
    ['a stream', () => countingReadable(big3, 1000).stream],
  ])(
    'too large, from %s: the leading part that fits, Content-Range saying so',
    async (_name, make) => {
      const result = own(make(), `bytes 1000-${1000 + big3.length - 1}/99999`)
      const response = await invokeEncoded(httpApiEvent('*/*'), result, { maxResponseSize: 3000 })
      const [, first, last] =
        /^bytes (\d+)-(\d+)\/99999$/.exec(header(response as Response, 'content-range') ?? '') ?? []
      expect(first).toBe('1000')
      expect(decoded(response)).toEqual(big3.subarray(0, Number(last) - 999))
      expect(response.headers).not.toHaveProperty('Content-Length')
      expect(serializedSize(response)).toBeLessThanOrEqual(3000)
      expect(
        serializedSize(oneByteMore(response, Buffer.concat([Buffer.alloc(1000), big3]))),
      ).toBeGreaterThan(3000)
    },
  )

  test('an unknown total stays unknown', async () => {
    const result = own(big3, `bytes 0-${big3.length - 1}/*`)
    const response = await invokeEncoded(httpApiEvent('*/*'), result, { maxResponseSize: 3000 })
    expect(header(response as Response, 'content-range')).toMatch(/^bytes 0-\d+\/\*$/)
  })

  // biome-ignore format: one case a line reads as a table
  test.each([
    ['no Content-Range', undefined],
    ['another unit', 'items 0-7199/7200'],
    ['a reversed range', 'bytes 5-1/7200'],
    ['an unsatisfied range', 'bytes */7200'],
    ['a length that is not the body’s', 'bytes 0-9/7200'],
    ['digits past safe integers', `bytes 0-${'9'.repeat(30)}/7200`],
  ])('too large, with %s: the 500 as before', async (_name, contentRange) => {
    const result = { statusCode: 206, headers: contentRange === undefined ? {} : { 'Content-Range': contentRange }, body: big3 }
    const error = await rejection(invoke(httpApiEvent('*/*'), result, { maxResponseSize: 3000 }))
    expect(error.statusCode).toBe(500)
  })

  test('a stream whose declared length is not its Content-Range’s: read as before', async () => {
    const { stream } = countingReadable(part, 30)
    const result = {
      statusCode: 206,
      headers: { 'Content-Range': `bytes 0-9/${L}`, 'Content-Length': '100' },
      body: stream,
    }
    const response = await invokeEncoded(httpApiEvent('*/*'), result)
    expect(decoded(response)).toEqual(part)
  })
})

const big3 = Buffer.concat([pdf, pdf, pdf])

describe('the arithmetic of the largest part', () => {
  /** The size of a 206 of `count` bytes from `start`, counted the slow way. */
  const sizeOf = (sizeWithoutEnd: number, start: number, count: number) =>
    sizeWithoutEnd + String(start + count - 1).length + 4 * Math.ceil(count / 3)

  // [limit, size without the end digits, start, count]
  test.each([
    [1000, 200, 0, 10_000],
    [1000, 200, 95, 10_000],
    [1000, 200, 9990, 10_000],
    [1000, 200, 0, 3],
    [1000, 999, 0, 10],
    [1000, 995, 0, 10],
    [6_291_556, 150, 0, 50_000_000],
    [6_291_556, 150, 49_000_000, 1_000_000],
  ])('limit %s, %s of headers, from %s', (limit, sizeWithoutEnd, start, count) => {
    const best = largestFittingPart(limit, sizeWithoutEnd, start, count)
    let slow = 0
    for (let n = Math.min(count, limit); n >= 1; n--) {
      if (sizeOf(sizeWithoutEnd, start, n) <= limit) {
        slow = n
        break
      }
    }
    expect(best).toBe(slow)
  })
})

describe('the handler’s own 206, read from its Content-Range', () => {
  const part = (statusCode: number, contentRange?: unknown) =>
    handlersPart(
      draftResponse(
        {
          statusCode,
          headers: contentRange === undefined ? {} : { 'Content-Range': contentRange },
        },
        pdf,
      ),
    )
  // biome-ignore format: one case a line reads as a table
  test.each([
    ['a 206 with a total', 206, 'bytes 10-19/100', { start: 10, count: 10, total: 100 }],
    ['an unknown total', 206, 'bytes 0-0/*', { start: 0, count: 1, total: '*' }],
    ['spaces around it', 206, ' bytes 1-2/3 ', { start: 1, count: 2, total: 3 }],
    ['a 200', 200, 'bytes 10-19/100', undefined],
    ['no Content-Range', 206, undefined, undefined],
    ['a number', 206, 5, undefined],
    ['reversed', 206, 'bytes 5-4/100', undefined],
    ['unsatisfied', 206, 'bytes */100', undefined],
    ['another unit', 206, 'items 0-1/2', undefined],
    ['no total', 206, 'bytes 0-1', undefined],
    ['a start past safe integers', 206, `bytes ${'9'.repeat(17)}-${'9'.repeat(18)}/*`, undefined],
    ['an end past safe integers', 206, `bytes 0-${'9'.repeat(17)}/*`, undefined],
    ['something before it', 206, 'xbytes 0-1/2', undefined],
    ['something after it', 206, 'bytes 0-1/2 and more', undefined],
  ])('%s', (_name, status, contentRange, expected) => {
    expect(part(status, contentRange)).toEqual(expected)
  })
})

describe('rangesApply', () => {
  test.each([
    ['a 200', {}, true, true],
    ['the option off', {}, false, false],
    ['a 201', { statusCode: 201 }, true, false],
    ['Accept-Ranges: none', { headers: { 'accept-ranges': ' None ' } }, true, false],
    ['Accept-Ranges: bytes', { headers: { 'Accept-Ranges': 'bytes' } }, true, true],
  ])('%s', (_name, proxy, enabled, expected) => {
    expect(rangesApply(draftResponse(proxy, pdf), enabled)).toBe(expected)
  })
})

describe('limitPart: a part held to a limit on the body alone (streaming)', () => {
  test.each([
    ['shorter than the limit', { start: 10, count: 50, total: 100 }, 60, 50, 'bytes 10-59/100'],
    ['as long as the limit', { start: 10, count: 60, total: 100 }, 60, 60, 'bytes 10-69/100'],
    [
      'longer than the limit',
      { start: 10, count: 90, total: '*' as const },
      60,
      60,
      'bytes 10-69/*',
    ],
  ])('%s', (_name, part, bytes, count, contentRange) => {
    const draft = draftResponse(
      { headers: { 'Content-Length': '90' }, statusDescription: '200 OK' },
      pdf,
    )
    expect(limitPart(draft, part, { bytes, name: '' })).toBe(count)
    expect(draft.statusCode).toBe(206)
    expect(draft.headers).toEqual({ 'Content-Range': contentRange })
    expect(draft.fields).toEqual({})
  })
})

describe('VPC Lattice and Lambda@Edge: the same 206, in their shapes', () => {
  const bytes = Buffer.concat([pdf, pdf, pdf, pdf]).subarray(0, 9000)
  const edgeWith = (event: ReturnType<typeof edgeRequestEvent>, range: string) => {
    const copy = structuredClone(event)
    const request = copy.Records[0]?.cf.request
    if (request !== undefined) request.headers.range = [{ key: 'Range', value: range }]
    return copy
  }
  // [gateway, event with a Range]
  // biome-ignore format: one case a line reads as a table
  const cases: ReadonlyArray<readonly [string, (range: string) => unknown]> = [
    ['Lattice v2', (range) => { const event = latticeEvent('*/*'); return { ...event, headers: { ...event.headers, range: [range] } } }],
    ['Lattice v1', (range) => { const event = latticeV1Event('*/*'); return { ...event, headers: { ...event.headers, range } } }],
    ['Lambda@Edge viewer-request', (range) => edgeWith(edgeRequestEvent('*/*'), range)],
    ['Lambda@Edge origin-request', (range) => edgeWith(edgeRequestEvent('*/*', 'origin-request'), range)],
  ]

  /** Status and Content-Range, whichever shape the response has. */
  const read = (response: Record<string, unknown>) => {
    const headers = (response.headers ?? {}) as Record<string, unknown>
    const value = headers['Content-Range'] ?? headers['content-range']
    const contentRange = Array.isArray(value) ? (value[0] as { value: string }).value : value
    return { status: String(response.statusCode ?? response.status), contentRange }
  }

  test.each(cases)('%s: bytes 100-199', async (_name, event) => {
    const response = (await invoke(event('bytes=100-199'), bytes)) as Record<string, unknown>
    expect(read(response)).toEqual({ status: '206', contentRange: `bytes 100-199/${bytes.length}` })
    expect(Buffer.from(String(response.body), 'base64')).toEqual(bytes.subarray(100, 200))
  })

  test.each(cases)('%s: bytes=0- cut to the largest part that fits', async (_name, event) => {
    const limit = 3000
    const response = (await invoke(event('bytes=0-'), bytes, { maxResponseSize: limit })) as Record<
      string,
      unknown
    >
    const { status, contentRange } = read(response)
    const end = Number(/^bytes 0-(\d+)\/9000$/.exec(String(contentRange))?.[1])
    expect(status).toBe('206')
    expect(Buffer.from(String(response.body), 'base64')).toEqual(bytes.subarray(0, end + 1))
    const json = JSON.stringify(response)
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(limit)
    const grown = json
      .replace(`0-${end}/`, `0-${end + 1}/`)
      .replace(String(response.body), bytes.subarray(0, end + 2).toString('base64'))
    expect(Buffer.byteLength(grown)).toBeGreaterThan(limit)
  })
})
