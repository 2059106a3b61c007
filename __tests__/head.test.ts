/** HEAD (RFC 9110 §9.3.2) through a real Middy stack: the GET's status and headers, no body, no base64. */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import middy from '@middy/core'
import { readHttpRequest } from '../src/gateways/index.js'
import type { EncodedBinaryResponse } from '../src/index.js'
// The middleware from its own module: a mutation run finds the tests of a module that they import.
import { binaryResponse } from '../src/middleware.js'
import { draftResponse } from '../src/response/draft.js'
import { isHead, withoutBody } from '../src/response/head.js'
import { rejection } from './support/errors.js'
import {
  albEvent,
  albMultiValueEvent,
  functionUrlEvent,
  httpApiEvent,
  httpApiV1Event,
  lambdaContext,
  restApiEvent,
  withMethod,
} from './support/events.js'
import { readFixture } from './support/fixtures.js'
import { invoke, invokeEncoded } from './support/invoke.js'
import { withHeaders } from './support/stack.js'
import { countingReadable } from './support/streams.js'

const png = readFixture('image.png')
const pdf = readFixture('document.pdf')

const EVENTS = [
  ['REST API', restApiEvent('image/png')],
  ['HTTP API 1.0', httpApiV1Event('*/*')],
  ['HTTP API', httpApiEvent('*/*')],
  ['Function URL', functionUrlEvent('*/*')],
  ['ALB', albEvent('*/*')],
  ['ALB multi-value', albMultiValueEvent('*/*')],
] as const

const head = (event: object) => withMethod(event, 'HEAD')

describe('the GET’s status and headers, and an empty body', () => {
  test.each(EVENTS)('%s', async (_name, event) => {
    const result = () => ({ headers: { 'Cache-Control': 'max-age=60', ETag: '"v1"' }, body: png })
    const get = await invokeEncoded(event, result())
    const response = await invokeEncoded(head(event), result())
    const length = String(png.length)
    expect(response).toEqual({
      ...get,
      ...(get.headers === undefined
        ? {}
        : { headers: { ...get.headers, 'Content-Length': length } }),
      ...(get.multiValueHeaders === undefined
        ? {}
        : { multiValueHeaders: { ...get.multiValueHeaders, 'Content-Length': [length] } }),
      body: '',
    })
  })

  test('a Range is for GET only: the 200', async () => {
    const event = head(withHeaders(httpApiEvent('*/*'), { range: 'bytes=0-9' }))
    const response = await invokeEncoded(event, pdf)
    expect(response.statusCode).toBe(200)
    expect(response.headers).toMatchObject({
      'Accept-Ranges': 'bytes',
      'Content-Length': String(pdf.length),
    })
    expect(response.headers).not.toHaveProperty('Content-Range')
  })

  test('a current copy: the 304, without Content-Length', async () => {
    const event = head(withHeaders(httpApiEvent('*/*'), { 'if-none-match': '"v1"' }))
    const response = await invokeEncoded(event, { headers: { ETag: '"v1"' }, body: pdf })
    expect(response.statusCode).toBe(304)
    expect(response.headers).not.toHaveProperty('Content-Length')
  })

  test('the handler’s Content-Length is replaced by the true one', async () => {
    const result = { headers: { 'content-length': '5' }, body: pdf }
    const response = await invokeEncoded(head(httpApiEvent('*/*')), result)
    expect(response.headers).toEqual(
      expect.objectContaining({ 'Content-Length': String(pdf.length) }),
    )
    expect(response.headers).not.toHaveProperty('content-length')
  })

  test('a body too large for a GET: the same 500', async () => {
    const error = await rejection(invoke(head(httpApiEvent('*/*')), pdf, { maxResponseSize: 1000 }))
    expect(error.statusCode).toBe(500)
  })

  test('a handler’s 206: its Content-Range, the part’s length', async () => {
    const result = {
      statusCode: 206,
      headers: { 'Content-Range': `bytes 0-99/${pdf.length}` },
      body: pdf.subarray(0, 100),
    }
    const response = await invokeEncoded(head(httpApiEvent('*/*')), result)
    expect(response.statusCode).toBe(206)
    expect(response.headers).toMatchObject({
      'Content-Range': `bytes 0-99/${pdf.length}`,
      'Content-Length': '100',
    })
    expect(response.body).toBe('')
  })

  test('a handler’s 206 from a stream: not read past its first bytes, its length given', async () => {
    const big = Buffer.concat(Array.from({ length: 20 }, () => pdf))
    const { stream, pulled } = countingReadable(big, 1000)
    const result = {
      statusCode: 206,
      headers: {
        'Content-Range': `bytes 0-${big.length - 1}/*`,
        'Content-Length': String(big.length),
      },
      body: stream,
    }
    // Larger than the limit: the HEAD says what the GET would send, the part that fits.
    const handler = middy()
      .use(binaryResponse({ maxResponseSize: 5000 }))
      .handler(async () => result)
    const response = (await handler(
      head(httpApiEvent('*/*')) as never,
      lambdaContext(),
    )) as EncodedBinaryResponse
    expect(response.statusCode).toBe(206)
    const last = Number(
      /^bytes 0-(\d+)\/\*$/.exec(String(response.headers?.['Content-Range']))?.[1],
    )
    expect(last).toBeLessThan(5000)
    expect(response.headers?.['Content-Length']).toBe(String(last + 1))
    expect(response.body).toBe('')
    expect(pulled.bytes).toBeLessThan(big.length)
    expect(stream.destroyed).toBe(true)
  })

  test('a stream is read as for the GET, to type and measure it', async () => {
    const { stream, pulled } = countingReadable(pdf, 500)
    const response = await invokeEncoded(head(httpApiEvent('*/*')), stream)
    expect(response.headers).toMatchObject({
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.length),
    })
    expect(pulled.bytes).toBe(pdf.length)
  })
})

describe('no base64 work for a HEAD', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  test('toString is never called on the bytes', async () => {
    const encoding = jest.spyOn(Buffer.prototype, 'toString')
    const response = (await invoke(head(httpApiEvent('*/*')), png)) as EncodedBinaryResponse
    expect(response.statusCode).toBe(200)
    expect(encoding.mock.calls.filter(([name]) => name === 'base64')).toEqual([])
  })
})

describe('isHead and withoutBody', () => {
  test.each([
    ['HEAD', true],
    ['GET', false],
    ['head', false],
  ])('%s is HEAD: %s', (method, expected) => {
    const request = readHttpRequest(head(httpApiEvent('*/*')))
    expect(isHead({ ...(request as NonNullable<typeof request>), method })).toBe(expected)
  })

  test.each([
    ['a known length', 12, { 'Content-Length': '12' }],
    ['an unknown length', undefined, {}],
  ])('%s', (_name, length, headers) => {
    const draft = draftResponse(undefined, png)
    withoutBody(draft, length, Buffer.alloc(0))
    expect(draft.headers).toEqual(headers)
    expect(draft.body).toEqual(Buffer.alloc(0))
  })
})
