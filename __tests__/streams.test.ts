import { Readable } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import type { BinaryResponseOptions } from '../src/index.js'
import { rejection } from './support/errors.js'
import { ACCEPT, albEvent, httpApiEvent, restApiEvent, sqsEvent } from './support/events.js'
import { readFixture } from './support/fixtures.js'
import { decoded, invokeEncoded } from './support/invoke.js'
import {
  countingReadable,
  countingWebStream,
  failingReadable,
  sdkLikeBody,
} from './support/streams.js'

const png = readFixture('image.png')
const pdf = readFixture('document.pdf')

const invoke = (event: unknown, result: unknown, options?: BinaryResponseOptions) =>
  invokeEncoded(event, result, options)

describe('stream-like results are read, then treated exactly like bytes', () => {
  const bodies: Array<[string, () => unknown]> = [
    ['Node Readable', () => countingReadable(png, 100).stream],
    ['web ReadableStream', () => countingWebStream(png, 100).stream],
    ['Blob', () => new Blob([png])],
    ['SDK body (transformToByteArray)', () => sdkLikeBody(png)],
    ['SDK body (transformToWebStream)', () => sdkLikeBody(png, { webStream: true })],
  ]

  test.each(bodies)('%s, alone', async (_name, make) => {
    const response = await invoke(restApiEvent(ACCEPT.browserImage), make(), {
      binaryMediaTypes: ['image/*'],
    })
    expect(response).toMatchObject({
      statusCode: 200,
      isBase64Encoded: true,
      headers: { 'Content-Type': 'image/png', Vary: 'Accept' },
    })
    expect(decoded(response)).toEqual(png)
  })

  test.each(bodies)('%s, as a proxy body, other fields kept', async (_name, make) => {
    const response = await invoke(albEvent('*/*'), {
      statusCode: 203,
      headers: { 'Cache-Control': 'no-store' },
      body: make(),
    })
    expect(response).toMatchObject({
      statusCode: 203,
      statusDescription: '203 Non-Authoritative Information',
      headers: { 'Cache-Control': 'no-store', 'Content-Type': 'image/png' },
      isBase64Encoded: true,
    })
    expect(decoded(response)).toEqual(png)
  })

  test('the handler’s Content-Type wins over the stream’s own', async () => {
    const response = await invoke(httpApiEvent('*/*'), {
      headers: { 'content-type': 'image/vnd.custom' },
      body: new Blob([png], { type: 'image/png' }),
    })
    expect(response.headers?.['Content-Type']).toBe('image/vnd.custom')
  })

  test('a Blob’s type is honoured as the handler’s own', async () => {
    const response = await invoke(
      httpApiEvent('*/*'),
      new Blob([pdf], { type: 'application/x-report' }),
    )
    expect(response.headers?.['Content-Type']).toBe('application/x-report')
    expect(decoded(response)).toEqual(pdf)
  })

  test('a stream result for an event that is not HTTP is left alone, unread', async () => {
    const { stream, pulled } = countingReadable(png)
    expect(await invoke(sqsEvent(), stream)).toBe(stream)
    expect(pulled.bytes).toBe(0)
    expect(stream.destroyed).toBe(false)
  })
})

describe('a non-matching Accept is decided before a byte is read', () => {
  test('Node stream: 406, nothing read, stream destroyed', async () => {
    const { stream, pulled } = countingReadable(png)
    const error = await rejection(
      invoke(restApiEvent(ACCEPT.json), stream, { binaryMediaTypes: ['image/*'] }),
    )
    expect(error.statusCode).toBe(406)
    expect(pulled.bytes).toBe(0)
    expect(stream.destroyed).toBe(true)
  })

  test('web stream: 406, nothing read, stream cancelled', async () => {
    const { stream, state } = countingWebStream(png)
    const error = await rejection(
      invoke(httpApiEvent(ACCEPT.json), { body: stream }, { binaryMediaTypes: ['image/*'] }),
    )
    expect(error.statusCode).toBe(406)
    await new Promise((resolve) => setImmediate(resolve))
    expect(state).toEqual({ pulled: 0, cancelled: true })
  })

  test('failOnMismatch: false passes the stream through untouched and unread', async () => {
    const { stream, pulled } = countingReadable(png)
    const result = { statusCode: 200, body: stream }
    const response = await invoke(httpApiEvent(ACCEPT.json), result, {
      binaryMediaTypes: ['image/*'],
      failOnMismatch: false,
    })
    expect(response).toBe(result)
    expect(pulled.bytes).toBe(0)
    expect(stream.destroyed).toBe(false)
  })
})

describe('the size limit, for streams', () => {
  test('reading stops soon after the limit is passed; the stream is destroyed; the 500 names the limit', async () => {
    const { stream, pulled } = countingReadable(Buffer.alloc(3_000_000, 1), 16_384)
    const error = await rejection(invoke(albEvent('*/*'), stream))
    expect(error.statusCode).toBe(500)
    expect(error.message).toMatch(
      /^middy-binary-response: the response body passed [\d,]+ bytes, more than the 786,432 bytes whose base64 fits in the response, over the 1,048,576-byte limit of an ALB response\. Stream it/,
    )
    expect(stream.destroyed).toBe(true)
    expect(pulled.bytes).toBeLessThan(786_432 + 3 * 16_384)
  })

  test.each([
    [
      'a Content-Length header on the proxy result',
      (body: Readable) => ({ headers: { 'Content-Length': '5000000' }, body }),
    ],
    [
      'the S3 response’s content-length',
      (body: Readable) => Object.assign(body, { headers: { 'content-length': '5000000' } }),
    ],
  ])('%s over the limit refuses before a byte is read', async (_name, wrap) => {
    const { stream, pulled } = countingReadable(png)
    const error = await rejection(
      invoke(restApiEvent('*/*'), wrap(stream), { maxResponseSize: 1_000_000 }),
    )
    expect(error.statusCode).toBe(500)
    expect(error.message).toContain(
      'the response body declares 5,000,000 bytes, more than the 750,000 bytes',
    )
    expect(error.message).toContain('over the 1,000,000-byte limit. Stream it')
    expect(pulled.bytes).toBe(0)
    expect(stream.destroyed).toBe(true)
  })

  test('a declared length of exactly the raw bound is read, then gets the exact check', async () => {
    const { stream, pulled } = countingReadable(Buffer.alloc(750, 1))
    const error = await rejection(
      invoke(
        httpApiEvent('*/*'),
        { headers: { 'Content-Length': '750' }, body: stream },
        { maxResponseSize: 1000 },
      ),
    )
    expect(pulled.bytes).toBe(750)
    expect(error.message).toMatch(/the response would be [\d,]+ bytes once serialized/)
  })

  test('the 500 for a declared length carries the length in its cause', async () => {
    const error = await rejection(
      invoke(httpApiEvent('*/*'), new Blob([Buffer.alloc(2000)]), { maxResponseSize: 1000 }),
    )
    expect(error.cause).toEqual({
      package: 'middy-binary-response',
      data: { bytes: 2000, limit: 1000 },
    })
  })

  test('a Blob over the limit is refused from its size', async () => {
    const error = await rejection(invoke(httpApiEvent('*/*'), new Blob([Buffer.alloc(5_000_000)])))
    expect(error.message).toContain('declares 5,000,000 bytes, more than the 4,718,667 bytes')
    expect(error.message).toContain('6,291,556-byte limit of a Lambda response')
  })

  test('a stream that fits the raw bound but not the envelope still gets the exact check', async () => {
    const bytes = Buffer.alloc(750, 1)
    const error = await rejection(
      invoke(
        httpApiEvent('*/*'),
        { headers: { 'X-Padding': 'x'.repeat(200) }, body: Readable.from([bytes]) },
        {
          maxResponseSize: 1000,
        },
      ),
    )
    expect(error.message).toMatch(
      /the response would be [\d,]+ bytes once serialized \(750 bytes of binary body/,
    )
  })
})

describe('a stream that fails', () => {
  test('is a 500 naming the cause, not a hang', async () => {
    const error = await rejection(
      invoke(restApiEvent('*/*'), failingReadable(png.subarray(0, 10), 'ECONNRESET')),
    )
    expect(error.statusCode).toBe(500)
    expect(error.expose).toBe(false)
    expect(error.message).toBe(
      'middy-binary-response: reading the response body stream failed: ECONNRESET',
    )
  })

  test('that ends short of its Content-Length is a 500, never a truncated file', async () => {
    const body = Object.assign(Readable.from([png.subarray(0, 100)]), {
      headers: { 'content-length': String(png.length), 'content-type': 'image/png' },
    })
    const error = await rejection(invoke(restApiEvent('*/*'), body))
    expect(error.message).toContain(
      `ended after 100 bytes, but its Content-Length is ${png.length}`,
    )
  })
})
