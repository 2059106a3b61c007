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
import binaryResponse, { type BinaryResponseOptions } from '../src/index.js'
import { rejection } from './support/errors.js'
import {
  ACCEPT,
  functionUrlEvent,
  lambdaContext,
  lambdaContextEndingIn,
  restApiEvent,
} from './support/events.js'
import { readFixture } from './support/fixtures.js'
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
  test.each([
    ['a Buffer', () => png, png, 'image/png'],
    ['a Node Readable', () => countingReadable(pdf, 500).stream, pdf, 'application/pdf'],
    ['a web ReadableStream', () => countingWebStream(png, 100).stream, png, 'image/png'],
    ['a Blob', () => new Blob([pdf]), pdf, 'application/pdf'],
    ['an empty Buffer', () => Buffer.alloc(0), Buffer.alloc(0), 'application/octet-stream'],
  ])('%s', async (_name, make, bytes, type) => {
    const sent = await stream(functionUrlEvent(ACCEPT.browserNavigation), make())
    expect(sent.prelude).toEqual({
      statusCode: 200,
      headers: { 'Content-Type': type, Vary: 'Accept', 'X-Content-Type-Options': 'nosniff' },
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
