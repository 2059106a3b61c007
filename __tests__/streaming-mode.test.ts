/**
 * Through Middy's real streaming execution mode. The Lambda runtime's `awslambda` global is stood in for
 * here (it exists only inside Lambda): `streamifyResponse` hands the handler over as it is, and
 * `HttpResponseStream.from` records the metadata prelude the runtime would send before the body.
 */
import { once } from 'node:events'
import { Readable, Writable } from 'node:stream'
import { beforeAll, describe, expect, test } from '@jest/globals'
import middy, { type MiddlewareObj } from '@middy/core'
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse'
import type { BinaryResponseOptions } from '../src/index.js'
// The middleware from its own module: a mutation run finds the tests of a module that they import.
import { binaryResponse } from '../src/middleware.js'
import { rejection } from './support/errors.js'
import {
  ACCEPT,
  functionUrlEvent,
  lambdaContext,
  lambdaContextEndingIn,
  restApiEvent,
  withMethod,
} from './support/events.js'
import { readFixture } from './support/fixtures.js'
import { withHeaders } from './support/stack.js'
import { countingReadable, countingWebStream, stalledWebStream, within } from './support/streams.js'

const png = readFixture('image.png')
const pdf = readFixture('document.pdf')

interface Sent {
  prelude: Record<string, unknown> | undefined
  body: Buffer
}

beforeAll(() => {
  ;(globalThis as Record<string, unknown>).awslambda = {
    streamifyResponse: (handler: unknown) => handler,
    HttpResponseStream: {
      from: (stream: Writable & { prelude?: unknown }, prelude: unknown) => {
        stream.prelude = prelude
        return stream
      },
    },
  }
})

/** Invokes a streaming-mode Middy handler and collects what the runtime would send. */
const stream = async (
  event: unknown,
  result: unknown,
  options: BinaryResponseOptions = {},
  observer?: MiddlewareObj,
): Promise<Sent> => {
  const chunks: Buffer[] = []
  const responseStream = new Writable({
    write(chunk, encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding))
      callback()
    },
  }) as Writable & { prelude?: Record<string, unknown> }
  let handler = middy({ executionMode: executionModeStreamifyResponse })
  if (observer) handler = handler.use(observer)
  const run = handler
    .use(binaryResponse({ streaming: true, ...options }))
    .handler(async () => result) as unknown as (
    event: unknown,
    responseStream: Writable,
    context: unknown,
  ) => Promise<void>
  await run(event, responseStream, lambdaContext())
  return { prelude: responseStream.prelude, body: Buffer.concat(chunks) }
}

describe('streaming mode sends raw bytes, typed, with Vary and nosniff', () => {
  // Ranges are advertised where the length is known before sending: bytes in memory, a Blob.
  test.each([
    ['a Buffer', () => png, png, 'image/png', true],
    ['a Node Readable', () => countingReadable(pdf, 500).stream, pdf, 'application/pdf', false],
    ['a web ReadableStream', () => countingWebStream(png, 100).stream, png, 'image/png', false],
    ['a Blob', () => new Blob([pdf]), pdf, 'application/pdf', true],
    ['an empty Buffer', () => Buffer.alloc(0), Buffer.alloc(0), 'application/octet-stream', true],
  ])('%s', async (_name, make, bytes, type, ranged) => {
    const sent = await stream(functionUrlEvent(ACCEPT.browserNavigation), make())
    expect(sent.prelude).toEqual({
      statusCode: 200,
      headers: {
        ...(ranged ? { 'Accept-Ranges': 'bytes' } : {}),
        'Content-Type': type,
        Vary: 'Accept',
        'X-Content-Type-Options': 'nosniff',
      },
    })
    expect(sent.body).toEqual(bytes)
  })

  test('a proxy result keeps its fields; no isBase64Encoded reaches the prelude', async () => {
    const sent = await stream(functionUrlEvent('*/*'), {
      statusCode: 201,
      headers: { 'Content-Disposition': 'attachment; filename="report.pdf"' },
      cookies: ['a=1'],
      isBase64Encoded: false,
      body: Readable.from([pdf]),
    })
    expect(sent.prelude).toEqual({
      statusCode: 201,
      headers: {
        'Content-Disposition': 'attachment; filename="report.pdf"',
        'Content-Type': 'application/pdf',
        Vary: 'Accept',
        'X-Content-Type-Options': 'nosniff',
      },
      cookies: ['a=1'],
    })
    expect(sent.body).toEqual(pdf)
  })

  test('no 6 MB limit: 8 MiB stream through, unbuffered', async () => {
    const big = Buffer.concat([png, Buffer.alloc(8 * 1024 * 1024 - png.length, 3)])
    const { stream: body, pulled } = countingReadable(big, 1024)
    let pulledWhenResponseBuilt = -1
    const observer: MiddlewareObj = {
      after: () => {
        pulledWhenResponseBuilt = pulled.bytes
      },
    }
    const sent = await stream(functionUrlEvent('*/*'), body, {}, observer)
    expect(sent.body.equals(big)).toBe(true)
    expect(sent.prelude?.headers).toMatchObject({ 'Content-Type': 'image/png' })
    // The type came from the first bytes only: little had been read when the response was handed on.
    expect(pulledWhenResponseBuilt).toBeGreaterThanOrEqual(4100)
    expect(pulledWhenResponseBuilt).toBeLessThan(64 * 1024)
  })

  test('the Accept rule and the 406 apply; the stream is cancelled unread', async () => {
    const { stream: body, pulled } = countingReadable(png)
    const error = await rejection(
      stream(restApiEvent(ACCEPT.json), body, { binaryMediaTypes: ['image/*'] }),
    )
    expect(error.statusCode).toBe(406)
    expect(pulled.bytes).toBe(0)
    expect(body.destroyed).toBe(true)
  })

  // A streaming REST API sends the raw bytes and decodes nothing: the first-Accept rule is not its own.
  test.each([
    ['curl', ACCEPT.curl, ['image/*']],
    ['a browser navigation', ACCEPT.browserNavigation, ['image/*']],
    ['a browser image, list image/png only', ACCEPT.browserImage, ['image/png']],
  ] as const)('REST API streaming negotiates: %s', async (_name, accept, binaryMediaTypes) => {
    const sent = await stream(restApiEvent(accept), png, { binaryMediaTypes })
    expect(sent.body).toEqual(png)
    expect(sent.prelude?.headers).toMatchObject({ 'Content-Type': 'image/png' })
  })

  test('acceptRule rest-api still applies the first-Accept rule when asked', async () => {
    const error = await rejection(
      stream(restApiEvent(ACCEPT.curl), png, {
        binaryMediaTypes: ['image/*'],
        acceptRule: 'rest-api',
      }),
    )
    expect(error.statusCode).toBe(406)
  })

  test.each([
    ['a Buffer', () => Buffer.alloc(2000)],
    [
      'a declared Content-Length',
      () => ({ headers: { 'content-length': '2000' }, body: Readable.from([png]) }),
    ],
  ])('over maxResponseSize (%s): a 500 before anything is sent', async (_name, make) => {
    const error = await rejection(
      stream(functionUrlEvent('*/*'), make(), { maxResponseSize: 1500 }),
    )
    expect(error.statusCode).toBe(500)
    expect(error.message).toContain('the response body is 2,000 bytes, over the 1,500-byte limit.')
  })

  test.each([
    ['a Buffer', () => Buffer.alloc(1500, 1)],
    ['a Blob', () => new Blob([Buffer.alloc(1500, 1)])],
    [
      'a declared Content-Length',
      () => ({
        headers: { 'content-length': '1500' },
        body: Readable.from([Buffer.alloc(1500, 1)]),
      }),
    ],
  ])('exactly maxResponseSize (%s) is sent', async (_name, make) => {
    const sent = await stream(functionUrlEvent('*/*'), make(), { maxResponseSize: 1500 })
    expect(sent.body).toEqual(Buffer.alloc(1500, 1))
  })

  test('over the limit, a declared length: the 500 carries it, and the stream is destroyed unread', async () => {
    const { stream: body, pulled } = countingReadable(png)
    const error = await rejection(
      stream(
        functionUrlEvent('*/*'),
        { headers: { 'content-length': '2000' }, body },
        { maxResponseSize: 1500 },
      ),
    )
    expect(error.cause).toEqual({
      package: 'middy-binary-response',
      data: { bytes: 2000, limit: 1500 },
    })
    expect(pulled.bytes).toBe(0)
    expect(body.destroyed).toBe(true)
  })

  test.each([
    ['a Buffer', () => png],
    ['a Node Readable', () => Readable.from([png])],
  ])(
    'the body handed to Middy is a byte stream (%s), not an object stream',
    async (_name, make) => {
      let body: unknown
      const observer: MiddlewareObj = {
        after: (request) => {
          body = (request.response as { body: unknown }).body
        },
      }
      await stream(functionUrlEvent('*/*'), make(), {}, observer)
      expect(body).toBeInstanceOf(Readable)
      expect((body as Readable).readableObjectMode).toBe(false)
    },
  )

  test('the streaming limit is 200 MB by default', async () => {
    const error = await rejection(
      stream(functionUrlEvent('*/*'), {
        headers: { 'Content-Length': '300000000' },
        body: Readable.from([png]),
      }),
    )
    expect(error.message).toContain('over the 209,715,200-byte limit of a streamed response')
  })

  test('a stream already read is a 500 before anything is sent', async () => {
    const body = Readable.from([png])
    body.resume()
    await once(body, 'end')
    const error = await rejection(stream(functionUrlEvent('*/*'), body))
    expect(error.statusCode).toBe(500)
    expect(error.message).toMatch(/already read to its end/)
  })

  test('a stream that stalls before its first bytes is a 500 in time, nothing sent', async () => {
    const { stream: body, state } = stalledWebStream(png.subarray(0, 100))
    const responseStream = new Writable({ write: (_chunk, _encoding, callback) => callback() })
    const handler = middy({ executionMode: executionModeStreamifyResponse })
      .use(binaryResponse({ streaming: true, streamTimeoutEarlyInMillis: 50 }))
      .handler(async () => body) as unknown as (
      e: unknown,
      s: Writable,
      c: unknown,
    ) => Promise<void>
    const outcome = await within(
      handler(functionUrlEvent('*/*'), responseStream, lambdaContextEndingIn(250)),
      2000,
    )
    const error = (outcome as { error: Error }).error
    expect(error.message).toMatch(
      /^middy-binary-response: the response body stream did not give its first 4,100 bytes or end within the \d+ ms the invocation had left for it \(\d+ ms remaining, less streamTimeoutEarlyInMillis 50 ms\), after 100 bytes; it was cancelled\./,
    )
    expect(state.cancelled).toBe(true)
    expect((responseStream as Writable & { prelude?: unknown }).prelude).toBeUndefined()
  })

  test('a detached ArrayBuffer is a 500', async () => {
    const buffer = Uint8Array.from(png).buffer
    structuredClone(buffer, { transfer: [buffer] })
    const error = await rejection(stream(functionUrlEvent('*/*'), buffer))
    expect(error.message).toMatch(/detached ArrayBuffer/)
  })

  test('a string result passes through, written as it is', async () => {
    const sent = await stream(functionUrlEvent('*/*'), { statusCode: 200, body: 'hello' })
    expect(sent.body.toString()).toBe('hello')
    expect(sent.prelude).toEqual({ statusCode: 200 })
  })
})

describe('Range, 304 and HEAD in streaming mode', () => {
  const big = Buffer.concat(Array.from({ length: 40 }, () => pdf))
  const ranged = (range: string, extra: Record<string, string> = {}) =>
    withHeaders(functionUrlEvent('*/*'), { range, ...extra })
  const declared = (body: unknown, length = big.length) => ({
    headers: { 'Content-Length': String(length) },
    body,
  })

  test.each([
    ['a Buffer', () => big],
    ['a Blob', () => new Blob([big])],
    ['a Readable of declared length', () => declared(countingReadable(big, 1000).stream)],
    ['a web stream of declared length', () => declared(countingWebStream(big, 1000).stream)],
  ])('%s: the part, raw', async (_name, make) => {
    const sent = await stream(ranged('bytes=50000-50999'), make())
    expect(sent.prelude).toMatchObject({
      statusCode: 206,
      headers: {
        'Accept-Ranges': 'bytes',
        'Content-Range': `bytes 50000-50999/${big.length}`,
        'Content-Type': 'application/pdf',
      },
    })
    expect(sent.body).toEqual(big.subarray(50000, 51000))
  })

  test('a stream is read to the part’s end only', async () => {
    const { stream: body, state } = countingWebStream(big, 1000)
    const sent = await stream(ranged('bytes=10000-10999'), declared(body))
    expect(sent.body).toEqual(big.subarray(10000, 11000))
    // One chunk of read-ahead at most: the Readable handed to Middy buffers it.
    expect(state.pulled).toBeLessThanOrEqual(12000)
    expect(state.cancelled).toBe(true)
  })

  test('a stream whose length is not declared: the whole, no Accept-Ranges', async () => {
    const sent = await stream(ranged('bytes=0-9'), Readable.from([pdf]))
    expect(sent.prelude?.statusCode).toBe(200)
    expect(sent.prelude?.headers).not.toHaveProperty('Accept-Ranges')
    expect(sent.body).toEqual(pdf)
  })

  test('a part over maxResponseSize: its first bytes up to it', async () => {
    const sent = await stream(ranged('bytes=100-'), big, { maxResponseSize: 5000 })
    expect(sent.prelude?.headers).toMatchObject({ 'Content-Range': `bytes 100-5099/${big.length}` })
    expect(sent.body).toEqual(big.subarray(100, 5100))
  })

  test('a whole over maxResponseSize is still refused', async () => {
    const { stream: body } = countingReadable(big, 1000)
    const error = await rejection(
      stream(functionUrlEvent('*/*'), declared(body), { maxResponseSize: 5000 }),
    )
    expect(error.statusCode).toBe(500)
    expect(body.destroyed).toBe(true)
  })

  test('an unsatisfiable range: the 416, the stream destroyed unread', async () => {
    const { stream: body, pulled } = countingReadable(big, 1000)
    const error = await rejection(stream(ranged(`bytes=${big.length}-`), declared(body)))
    expect(error.statusCode).toBe(416)
    expect(pulled.bytes).toBe(0)
    expect(body.destroyed).toBe(true)
  })

  test('a handler’s 206 over the limit: its first bytes up to it', async () => {
    const result = {
      statusCode: 206,
      headers: { 'Content-Range': `bytes 1000-${1000 + big.length - 1}/*` },
      body: countingReadable(big, 1000).stream,
    }
    const sent = await stream(functionUrlEvent('*/*'), result, { maxResponseSize: 5000 })
    expect(sent.prelude?.headers).toMatchObject({ 'Content-Range': 'bytes 1000-5999/*' })
    expect(sent.body).toEqual(big.subarray(0, 5000))
  })

  test('a handler’s 206 exactly at the limit: as it was, its Content-Length kept', async () => {
    const result = {
      statusCode: 206,
      headers: { 'Content-Range': `bytes 0-99/${pdf.length}`, 'Content-Length': '100' },
      body: Readable.from([pdf.subarray(0, 100)]),
    }
    const sent = await stream(functionUrlEvent('*/*'), result, { maxResponseSize: 100 })
    expect(sent.prelude?.headers).toMatchObject({
      'Content-Range': `bytes 0-99/${pdf.length}`,
      'Content-Length': '100',
    })
    expect(sent.body).toEqual(pdf.subarray(0, 100))
  })

  test('a handler’s status other than 200: no 304', async () => {
    const event = withHeaders(functionUrlEvent('*/*'), { 'if-none-match': '"v1"' })
    const sent = await stream(event, { statusCode: 201, headers: { ETag: '"v1"' }, body: pdf })
    expect(sent.prelude?.statusCode).toBe(201)
    expect(sent.body).toEqual(pdf)
  })

  test('a handler’s 206 within the limit: as it was', async () => {
    const result = {
      statusCode: 206,
      headers: { 'Content-Range': `bytes 0-99/${pdf.length}` },
      body: pdf.subarray(0, 100),
    }
    const sent = await stream(ranged('bytes=5-9'), result)
    expect(sent.prelude?.headers).toMatchObject({ 'Content-Range': `bytes 0-99/${pdf.length}` })
    expect(sent.body).toEqual(pdf.subarray(0, 100))
  })

  test('a current copy: the 304, no body, the stream destroyed unread', async () => {
    const { stream: body, pulled } = countingReadable(big, 1000)
    const event = withHeaders(functionUrlEvent('*/*'), { 'if-none-match': '"v1"' })
    const sent = await stream(event, { headers: { ETag: '"v1"' }, body })
    expect(sent.prelude).toEqual({
      statusCode: 304,
      headers: { ETag: '"v1"', Vary: 'Accept', 'X-Content-Type-Options': 'nosniff' },
    })
    expect(sent.body).toEqual(Buffer.alloc(0))
    expect(pulled.bytes).toBe(0)
    expect(body.destroyed).toBe(true)
  })

  test('the etag option hashes bytes in memory, not a stream', async () => {
    const bytes = await stream(functionUrlEvent('*/*'), pdf, { etag: true })
    expect(bytes.prelude?.headers).toHaveProperty('ETag')
    const streamed = await stream(functionUrlEvent('*/*'), Readable.from([pdf]), { etag: true })
    expect(streamed.prelude?.headers).not.toHaveProperty('ETag')
  })

  test.each([
    ['a Buffer', () => pdf, String(pdf.length)],
    [
      'a Readable of declared length',
      () => declared(Readable.from([pdf]), pdf.length),
      String(pdf.length),
    ],
    ['a Readable of unknown length', () => Readable.from([pdf]), undefined],
  ])('HEAD, %s: the headers, no body', async (_name, make, length) => {
    const sent = await stream(withMethod(functionUrlEvent('*/*'), 'HEAD'), make())
    expect(sent.prelude?.statusCode).toBe(200)
    expect(sent.prelude?.headers).toMatchObject({ 'Content-Type': 'application/pdf' })
    const headers = sent.prelude?.headers as Record<string, unknown>
    expect(headers['Content-Length']).toBe(length)
    expect(sent.body).toEqual(Buffer.alloc(0))
  })

  test('HEAD: the stream is released after its first bytes', async () => {
    const { stream: body, state } = countingWebStream(big, 1000)
    await stream(withMethod(functionUrlEvent('*/*'), 'HEAD'), body)
    expect(state.pulled).toBe(5000)
    expect(state.cancelled).toBe(true)
  })
})

describe('the streaming example', () => {
  test('streams the PDF file, raw', async () => {
    const { handler } = await import('../examples/stream-large-file.ts')
    const chunks: Buffer[] = []
    const responseStream = Object.assign(
      new Writable({
        write(chunk, _encoding, callback) {
          chunks.push(chunk)
          callback()
        },
      }),
      { prelude: undefined as unknown },
    )
    await (handler as unknown as (e: unknown, s: Writable, c: unknown) => Promise<void>)(
      functionUrlEvent(ACCEPT.browserNavigation),
      responseStream,
      lambdaContext(),
    )
    expect(responseStream.prelude).toEqual({
      statusCode: 200,
      headers: {
        'Content-Disposition': 'inline; filename="report.pdf"',
        'Content-Type': 'application/pdf',
        Vary: 'Accept',
        'X-Content-Type-Options': 'nosniff',
      },
    })
    expect(Buffer.concat(chunks)).toEqual(pdf)
  })
})
