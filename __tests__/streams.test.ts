import { once } from 'node:events'
import { Readable } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import middy from '@middy/core'
import httpErrorHandler from '@middy/http-error-handler'
import type { HttpError } from '@middy/util'
import binaryResponse, { type BinaryResponseOptions } from '../src/index.js'
import { rejection } from './support/errors.js'
import {
  ACCEPT,
  albEvent,
  httpApiEvent,
  lambdaContextEndingIn,
  restApiEvent,
  sqsEvent,
} from './support/events.js'
import { readFixture } from './support/fixtures.js'
import { decoded, invokeEncoded } from './support/invoke.js'
import {
  countingReadable,
  countingWebStream,
  failingReadable,
  sdkLikeBody,
  stalledReadable,
  stalledWebStream,
  within,
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

  test('chunks of every byte container: exactly the bytes', async () => {
    const copy = Uint8Array.from(png)
    const cuts = [0, 7, 8, 24, 40, 41, png.length]
    const views = [
      (from: number, to: number) => copy.buffer.slice(from, to),
      (from: number, to: number) => new DataView(copy.buffer, from, to - from),
      (from: number, to: number) => new Uint16Array(copy.buffer.slice(from, to)),
      (from: number, to: number) => new Float64Array(copy.buffer.slice(from, to)),
      (from: number, to: number) => Buffer.from(copy.subarray(from, to)),
      (from: number, to: number) => new Int8Array(copy.buffer, from, to - from),
    ]
    const body = new ReadableStream({
      start(controller) {
        views.forEach((view, index) => {
          controller.enqueue(view(cuts[index] as number, cuts[index + 1] as number))
        })
        controller.close()
      },
    })
    const response = await invoke(httpApiEvent('*/*'), body)
    expect(response.headers?.['Content-Type']).toBe('image/png')
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

describe('a stream read before it was returned', () => {
  test('read to its end: a 500, not a 200 with an empty body', async () => {
    const stream = Readable.from([png])
    stream.resume()
    await once(stream, 'end')
    const error = await rejection(invoke(httpApiEvent('*/*'), stream))
    expect(error.statusCode).toBe(500)
    expect(error.expose).toBe(false)
    expect(error.message).toMatch(/stream was already read to its end before it was returned/)
  })

  test('a web body read in part: a 500', async () => {
    const { stream } = countingWebStream(png, 100)
    const reader = stream.getReader()
    await reader.read()
    reader.releaseLock()
    const error = await rejection(invoke(albEvent('*/*'), { statusCode: 200, body: stream }))
    expect(error.message).toMatch(/already read or cancelled/)
  })

  test('one that ended with nothing ever in it is an empty body', async () => {
    const stream = Readable.from([])
    stream.resume()
    await once(stream, 'end')
    const response = await invoke(httpApiEvent('*/*'), {
      headers: { 'Content-Type': 'image/png' },
      body: stream,
    })
    expect(response).toMatchObject({ statusCode: 200, body: '', isBase64Encoded: true })
  })
})

describe('a stream that stalls', () => {
  test('is a 500 before the invocation times out, not a hang', async () => {
    // Middy's early timeout covers the handler only; the read in the after-hook is bounded here.
    const body = new Readable({ read() {} })
    const handler = middy({ timeoutEarlyInMillis: 500 })
      .use(binaryResponse())
      .handler(async () => body)
    const started = Date.now()
    const outcome = await within(
      handler(httpApiEvent('*/*') as never, { getRemainingTimeInMillis: () => 1000 } as never),
      3000,
    )
    const waited = Date.now() - started
    expect(outcome).toHaveProperty('error')
    const error = (outcome as { error: HttpError }).error
    expect(error.statusCode).toBe(500)
    expect(error.expose).toBe(false)
    expect(error.message).toBe(
      'middy-binary-response: the response body stream did not end within the 900 ms the invocation had left for it (1,000 ms remaining, less streamTimeoutEarlyInMillis 100 ms), after 0 bytes; it was destroyed. Find why the stream stalls (a slow or stuck source), or give the function a longer timeout.',
    )
    expect(error.cause).toEqual({
      package: 'middy-binary-response',
      data: { bytes: 0, waitedInMillis: 900, remainingInMillis: 1000, marginInMillis: 100 },
    })
    expect(waited).toBeGreaterThanOrEqual(890)
    expect(waited).toBeLessThan(2000)
    expect(body.destroyed).toBe(true)
  })

  test('with the error handler, the client gets the 500 in time', async () => {
    const { stream, state } = stalledWebStream(png.subarray(0, 1000))
    const handler = middy()
      .use(binaryResponse({ streamTimeoutEarlyInMillis: 50 }))
      .use(httpErrorHandler({ logger: false }))
      .handler(async () => ({ statusCode: 200, body: stream }))
    const outcome = await within(
      handler(albEvent('*/*') as never, lambdaContextEndingIn(300)),
      2000,
    )
    expect(outcome).toEqual({ value: expect.objectContaining({ statusCode: 500 }) })
    expect(state.cancelled).toBe(true)
  })

  test('the 500 says how many bytes came before it stalled', async () => {
    const error = await rejection(
      middy()
        .use(binaryResponse())
        .handler(async () => stalledReadable(png.subarray(0, 1000)))(
        restApiEvent('*/*') as never,
        lambdaContextEndingIn(250),
      ),
    )
    expect(error.message).toMatch(
      /remaining, less streamTimeoutEarlyInMillis 100 ms\), after 1,000 bytes; it was destroyed/,
    )
  })

  test('with no time left, refused at once, unread', async () => {
    const { stream, pulled } = countingReadable(png)
    const started = Date.now()
    const error = await rejection(
      middy()
        .use(binaryResponse({ streamTimeoutEarlyInMillis: 100 }))
        .handler(async () => stream)(httpApiEvent('*/*') as never, lambdaContextEndingIn(80)),
    )
    expect(Date.now() - started).toBeLessThan(50)
    expect(error.message).toMatch(
      /^middy-binary-response: the invocation had no time left to read the response body stream \(\d+ ms remaining, less streamTimeoutEarlyInMillis 100 ms\); it was destroyed unread\./,
    )
    expect(pulled.bytes).toBe(0)
    expect(stream.destroyed).toBe(true)
  })

  test('a slow stream that ends in time is read whole', async () => {
    let sent = 0
    const slow = new Readable({
      read() {
        setTimeout(() => {
          this.push(sent < png.length ? png.subarray(sent, sent + 500) : null)
          sent += 500
        }, 5)
      },
    })
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout')
    const before = timers().length
    const response = await invoke(httpApiEvent('*/*'), slow)
    expect(decoded(response)).toEqual(png)
    // The clock was stopped with the read: nothing is left to fire later.
    expect(timers().length).toBeLessThanOrEqual(before)
  })

  test.each([
    ['an empty context', {}],
    ['a getRemainingTimeInMillis that is no function', { getRemainingTimeInMillis: 30_000 }],
  ])('with %s, the read is not bounded, as before', async (_name, context) => {
    const body = new Readable({ read() {} })
    const invocation = middy({ timeoutEarlyInMillis: 0 })
      .use(binaryResponse())
      .handler(async () => body)(httpApiEvent('*/*') as never, context as never)
    expect(await within(invocation, 300)).toBe('pending')
    body.destroy()
    expect((await rejection(invocation)).statusCode).toBe(500)
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
