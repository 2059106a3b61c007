/**
 * Hostile and odd input through a real Middy stack: each case has one clear outcome. Malformed requests
 * are read as well as they can be; odd results still answer with exactly their bytes.
 */
import { Readable } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import type { EncodedBinaryResponse } from '../src/index.js'
import { rejection } from './support/errors.js'
import { albMultiValueEvent, httpApiEvent, restApiEvent } from './support/events.js'
import { readFixture, UNDETECTABLE_FIXTURE } from './support/fixtures.js'
import { decoded, invoke } from './support/invoke.js'

const png = readFixture('image.png')
const text = readFixture(UNDETECTABLE_FIXTURE)

/** A REST event with its header containers replaced (a key given as undefined is removed). */
const restWith = (containers: { headers?: unknown; multiValueHeaders?: unknown }) => {
  const event: Record<string, unknown> = { ...restApiEvent(undefined), ...containers }
  for (const key of ['headers', 'multiValueHeaders'] as const) {
    if (key in containers && containers[key] === undefined) delete event[key]
  }
  return event
}
const httpWith = (headers: unknown) => ({ ...httpApiEvent(undefined), headers })

describe('hostile events', () => {
  const images = ['image/png']
  test.each([
    // [case, event, outcome under binaryMediaTypes image/png]
    [
      'REST: headers and multiValueHeaders missing',
      restWith({ headers: undefined, multiValueHeaders: undefined }),
      406,
    ],
    [
      'REST: headers and multiValueHeaders null',
      restWith({ headers: null, multiValueHeaders: null }),
      406,
    ],
    [
      'REST: headers a string',
      restWith({ headers: 'Accept: image/png', multiValueHeaders: null }),
      406,
    ],
    [
      'REST: headers an array',
      restWith({ headers: ['Accept', 'image/png'], multiValueHeaders: 7 }),
      406,
    ],
    [
      'REST: Accept in headers only, multiValueHeaders null',
      restWith({ headers: { Accept: 'image/png' }, multiValueHeaders: null }),
      'encoded',
    ],
    [
      'REST: Accept in multiValueHeaders only, headers missing',
      restWith({ headers: undefined, multiValueHeaders: { accept: ['image/png'] } }),
      'encoded',
    ],
    [
      'REST: Accept value an array in headers',
      restWith({ headers: { Accept: ['image/png'] }, multiValueHeaders: null }),
      'encoded',
    ],
    [
      'REST: Accept value a number',
      restWith({ headers: { Accept: 42 }, multiValueHeaders: null }),
      406,
    ],
    [
      'REST: Accept value undefined',
      restWith({ headers: { Accept: undefined }, multiValueHeaders: null }),
      406,
    ],
    [
      'REST: multiValueHeaders.Accept a string, not a list',
      restWith({ headers: null, multiValueHeaders: { Accept: 'image/png' } }),
      'encoded',
    ],
    [
      'REST: multiValueHeaders.Accept holds non-strings',
      restWith({ headers: null, multiValueHeaders: { Accept: [null, 3, { a: 1 }] } }),
      406,
    ],
    // Both cases present: read in the event's key order, and the REST rule takes the first.
    [
      'REST: Accept and accept, image/png first',
      restWith({ headers: { Accept: 'image/png', accept: 'text/html' }, multiValueHeaders: null }),
      'encoded',
    ],
    [
      'REST: accept and Accept, text/html first',
      restWith({ headers: { accept: 'text/html', Accept: 'image/png' }, multiValueHeaders: null }),
      406,
    ],
    [
      'HTTP API: headers missing (no Accept: every type is acceptable)',
      httpWith(undefined),
      'encoded',
    ],
    ['HTTP API: headers null', httpWith(null), 'encoded'],
    ['HTTP API: headers a number', httpWith(5), 'encoded'],
    ['HTTP API: Accept a number, read as none', httpWith({ accept: 5 }), 'encoded'],
    [
      'HTTP API: Accept and ACCEPT, negotiated over both',
      httpWith({ accept: 'text/html', ACCEPT: 'image/png' }),
      'encoded',
    ],
    [
      'HTTP API: Accept and ACCEPT, neither acceptable',
      httpWith({ accept: 'text/html', ACCEPT: 'application/json' }),
      406,
    ],
    [
      'HTTP API: requestContext missing: not an HTTP event, untouched',
      { ...httpApiEvent('text/html'), requestContext: undefined },
      'untouched',
    ],
    [
      'REST: httpMethod a number: not an HTTP event, untouched',
      { ...restApiEvent('text/html'), httpMethod: 1 },
      'untouched',
    ],
    [
      'ALB: multiValueHeaders.accept an empty list (no Accept)',
      { ...albMultiValueEvent(undefined), multiValueHeaders: { accept: [] } },
      'encoded',
    ],
    [
      'ALB: multiValueHeaders.accept a list of blanks',
      { ...albMultiValueEvent(undefined), multiValueHeaders: { accept: ['', ' '] } },
      'encoded',
    ],
  ])('%s: %s', async (_name, event, outcome) => {
    const run = invoke(event, png, { binaryMediaTypes: images })
    if (outcome === 'encoded') expect(decoded(await run)).toEqual(png)
    else if (outcome === 'untouched') expect(await run).toBe(png)
    else expect((await rejection(run)).statusCode).toBe(406)
  })

  test('ALB with an empty Accept list: the response still uses multiValueHeaders only', async () => {
    const response = (await invoke(
      { ...albMultiValueEvent(undefined), multiValueHeaders: { accept: [] } },
      png,
    )) as EncodedBinaryResponse
    expect(response.multiValueHeaders?.['Content-Type']).toEqual(['image/png'])
    expect(response).not.toHaveProperty('headers')
  })
})

describe('odd results', () => {
  const empty = (response: unknown) => {
    const encoded = response as EncodedBinaryResponse
    expect(encoded.isBase64Encoded).toBe(true)
    expect(encoded.body).toBe('')
    expect(encoded.statusCode).toBe(200)
    return encoded.headers
  }

  test.each([
    ['an empty Buffer', Buffer.alloc(0)],
    ['an empty Uint8Array', new Uint8Array(0)],
    ['a zero-length ArrayBuffer', new ArrayBuffer(0)],
    ['a zero-length view at the end of a buffer', new Uint8Array(new ArrayBuffer(8), 8, 0)],
    ['an empty DataView', new DataView(new ArrayBuffer(0))],
    ['an empty proxy body', { body: Buffer.alloc(0) }],
  ])('%s: a valid empty binary response labelled with the fallback', async (_name, result) => {
    const headers = empty(await invoke(httpApiEvent('*/*'), result))
    expect(headers).toEqual({
      'Accept-Ranges': 'bytes',
      'Content-Type': 'application/octet-stream',
      Vary: 'Accept',
      'X-Content-Type-Options': 'nosniff',
    })
  })

  test('empty bytes keep the Content-Type the handler declared', async () => {
    const headers = empty(
      await invoke(restApiEvent('*/*'), {
        headers: { 'content-type': 'image/png' },
        body: new Uint8Array(0),
      }),
    )
    expect(headers?.['Content-Type']).toBe('image/png')
  })

  test.each([
    ['a detached ArrayBuffer', (buffer: ArrayBuffer) => buffer],
    ['a view on a detached ArrayBuffer', (buffer: ArrayBuffer) => new Uint8Array(buffer)],
    ['a DataView on a detached ArrayBuffer', (buffer: ArrayBuffer) => new DataView(buffer)],
    ['a proxy body on a detached ArrayBuffer', (buffer: ArrayBuffer) => ({ body: buffer })],
  ])('%s is a clear 500, not an empty response', async (_name, wrap) => {
    const buffer = Uint8Array.from(png).buffer
    const result = wrap(buffer)
    structuredClone(buffer, { transfer: [buffer] })
    const error = await rejection(invoke(httpApiEvent('*/*'), result))
    expect(error.statusCode).toBe(500)
    expect(error.expose).toBe(false)
    expect(error.message).toBe(
      'middy-binary-response: the handler returned a detached ArrayBuffer; its bytes were transferred away and cannot be sent',
    )
    expect(error.cause).toEqual({ package: 'middy-binary-response' })
  })

  test.each([
    ['headers null', { headers: null, body: png }],
    ['headers and multiValueHeaders null', { headers: null, multiValueHeaders: null, body: png }],
    ['headers a string', { headers: 'Content-Type: text/html', body: png }],
  ])('a proxy result with %s gets fresh headers', async (_name, result) => {
    const response = (await invoke(restApiEvent('*/*'), result)) as EncodedBinaryResponse
    expect(response.headers).toEqual({
      'Accept-Ranges': 'bytes',
      'Content-Type': 'image/png',
      Vary: 'Accept',
      'X-Content-Type-Options': 'nosniff',
    })
    expect(response).not.toHaveProperty('multiValueHeaders')
    expect(decoded(response)).toEqual(png)
  })

  test('a binary body with isBase64Encoded: false set explicitly is encoded, and marked true', async () => {
    const result = { statusCode: 200, body: png, isBase64Encoded: false }
    const response = (await invoke(restApiEvent('image/png'), result)) as EncodedBinaryResponse
    expect(response.isBase64Encoded).toBe(true)
    expect(decoded(response)).toEqual(png)
    expect(result.isBase64Encoded).toBe(false)
  })

  test('a result that is a Buffer subclass is sent as its bytes, whatever its methods say', async () => {
    class TaggedBuffer extends Buffer {
      override toString(): string {
        return 'not the bytes'
      }
    }
    const tagged = Buffer.from(png)
    Object.setPrototypeOf(tagged, TaggedBuffer.prototype)
    expect(tagged).toBeInstanceOf(TaggedBuffer)
    for (const result of [tagged, { body: tagged }, Readable.from([tagged]), new Blob([tagged])]) {
      const response = (await invoke(httpApiEvent('*/*'), result)) as EncodedBinaryResponse
      expect(response.body).toBe(png.toString('base64'))
      expect(response.headers?.['Content-Type']).toBe('image/png')
    }
  })
})

describe('security', () => {
  // Request headers that try to steer the response's type.
  const steering = {
    'Content-Type': 'text/html',
    'X-Content-Type-Options': 'none',
    Accept: 'text/html;q=1, */*;q=0.1',
  }

  test.each([
    ['detected from the bytes', png, 'image/png'],
    ['the fallback for bytes file-type cannot name', text, 'application/octet-stream'],
    [
      'the handler’s own',
      { headers: { 'Content-Type': 'image/x-icon' }, body: png },
      'image/x-icon',
    ],
  ])('the Content-Type is %s, never one from the request', async (_name, result, expected) => {
    for (const event of [
      { ...httpApiEvent(undefined), headers: steering },
      { ...restApiEvent(undefined), headers: steering, multiValueHeaders: null },
    ]) {
      const response = (await invoke(event, result)) as EncodedBinaryResponse
      expect(response.headers?.['Content-Type']).toBe(expected)
      expect(response.headers?.['X-Content-Type-Options']).toBe('nosniff')
    }
  })

  test.each([
    ['by default', {}, undefined, 'nosniff'],
    [
      'unless the handler set it, in any case',
      {},
      { 'x-content-type-options': 'nosniff' },
      undefined,
    ],
    ['unless noSniff: false', { noSniff: false }, undefined, undefined],
  ])('X-Content-Type-Options: nosniff is added %s', async (_name, options, headers, added) => {
    const response = (await invoke(
      httpApiEvent('*/*'),
      { headers, body: png },
      options,
    )) as EncodedBinaryResponse
    expect(response.headers?.['X-Content-Type-Options']).toBe(added)
    const names = Object.keys(response.headers ?? {}).map((name) => name.toLowerCase())
    expect(names.filter((name) => name === 'x-content-type-options')).toHaveLength(
      headers === undefined && added === undefined ? 0 : 1,
    )
  })

  test('the 406 a client sees lists the configured media types only: no request header, no byte', async () => {
    const secret = 'Bearer s3cr3t-token'
    const hostileAccept = `text/html;x="<script>alert(1)</script>", application/x-${'%00'.repeat(20)}`
    const event = {
      ...httpApiEvent(hostileAccept),
      headers: { accept: hostileAccept, authorization: secret, cookie: 'session=abc' },
    }
    const bytes = Buffer.from('%PDF-1.7 secret bytes')
    for (const acceptRule of ['auto', 'rest-api', 'negotiate'] as const) {
      const error = await rejection(
        invoke(event, bytes, { binaryMediaTypes: ['image/png', 'image/gif'], acceptRule }),
      )
      expect(error.statusCode).toBe(406)
      expect(error.expose).toBe(true)
      expect(error.message).toBe(
        'Not Acceptable: this response is binary and is sent only to requests that accept image/png, image/gif',
      )
      // The request's Accept is kept for the log, in cause.data, which no response carries.
      expect(error.cause).toMatchObject({
        package: 'middy-binary-response',
        data: { binaryMediaTypes: ['image/png', 'image/gif'], accept: hostileAccept },
      })
      expect(JSON.stringify(error.cause)).not.toContain(secret)
      expect(error).toHaveProperty('headers', { Vary: 'Accept' })
    }
  })

  test('a list of exactly ten media types: the 406 lists them all, and counts none more', async () => {
    const binaryMediaTypes = Array.from({ length: 10 }, (_, i) => `application/x-${i}`)
    const error = await rejection(invoke(httpApiEvent('text/html'), png, { binaryMediaTypes }))
    expect(error.message).toBe(
      `Not Acceptable: this response is binary and is sent only to requests that accept ${binaryMediaTypes.join(', ')}`,
    )
  })

  test('a list of 100,000 media types: matched, and the 406 lists ten of them', async () => {
    const binaryMediaTypes = Array.from({ length: 100_000 }, (_, i) => `application/x-${i}`)
    const middleware = { binaryMediaTypes: [...binaryMediaTypes, 'image/png'] }
    const encoded = await invoke(httpApiEvent('image/png'), png, middleware)
    expect(decoded(encoded)).toEqual(png)
    const error = await rejection(invoke(httpApiEvent('text/html'), png, middleware))
    expect(error.statusCode).toBe(406)
    expect(error.message).toBe(
      `Not Acceptable: this response is binary and is sent only to requests that accept ${binaryMediaTypes.slice(0, 10).join(', ')} and 99,991 more`,
    )
  })
})

describe('hostile Range and conditional headers: one clear answer each', () => {
  const K64 = 64 * 1024
  const apart = Array.from({ length: 10_000 }, (_, i) => `${i * 3}-${i * 3 + 1}`).join(',')
  const overlapping = Array.from({ length: 10_000 }, (_, i) => `${i}-${i + 5}`).join(',')
  const tags = Array.from({ length: 5_000 }, (_, i) => `"tag-${i}"`).join(', ')
  const big = Buffer.concat(Array.from({ length: 16 }, () => png))
  const etag = { ETag: '"tag-4999"' }

  // [case, request headers, the response's own headers, expected status]
  // biome-ignore format: one case a line reads as a table
  test.each([
    ['a 64 KB start', { range: `bytes=${'9'.repeat(K64)}-` }, {}, 416],
    ['a 64 KB end', { range: `bytes=0-${'9'.repeat(K64)}` }, {}, 206],
    ['64 KB of commas', { range: `bytes=${','.repeat(K64)}` }, {}, 200],
    ['64 KB of spaces, then a range', { range: `bytes=${' '.repeat(K64)}0-1` }, {}, 206],
    ['64 KB of dashes', { range: `bytes=${'-'.repeat(K64)}` }, {}, 200],
    ['64 KB of equals signs', { range: '='.repeat(K64) }, {}, 200],
    ['a 64 KB unit', { range: `${'b'.repeat(K64)}=0-1` }, {}, 200],
    ['10,000 ranges apart', { range: `bytes=${apart}` }, {}, 200],
    ['10,000 overlapping ranges, merged into one', { range: `bytes=${overlapping}` }, {}, 206],
    ['control characters', { range: 'bytes=0-1\u0000\r\n' }, {}, 200],
    ['a 64 KB If-Range', { range: 'bytes=0-1', 'if-range': `"${'x'.repeat(K64)}"` }, etag, 200],
    ['5,000 tags, none the response’s', { 'if-none-match': tags }, { ETag: '"other"' }, 200],
    ['5,000 tags, the last the response’s', { 'if-none-match': tags }, etag, 304],
    ['a 64 KB tag', { 'if-none-match': `"${'x'.repeat(K64)}"` }, etag, 200],
    ['64 KB of commas as If-None-Match', { 'if-none-match': ','.repeat(K64) }, etag, 200],
    ['a 64 KB If-Modified-Since', { 'if-modified-since': 'x'.repeat(K64) }, { 'Last-Modified': 'Mon, 17 Nov 2025 10:00:00 GMT' }, 200],
    ['64 KB of Cache-Control', { 'if-none-match': '"tag-4999"', 'cache-control': `,${' '.repeat(K64)}x` }, etag, 304],
    ['64 KB of Cache-Control commas', { 'if-none-match': '"tag-4999"', 'cache-control': ', '.repeat(K64 / 2) }, etag, 304],
  ])('%s', async (_name, request, own, status) => {
    const event = { ...httpApiEvent('*/*'), headers: { ...httpApiEvent('*/*').headers, ...request } }
    const run = invoke(event, { headers: own, body: big })
    if (status === 416) {
      expect((await rejection(run)).statusCode).toBe(416)
      return
    }
    const response = (await run) as EncodedBinaryResponse
    expect(response.statusCode).toBe(status)
    if (status === 200) expect(decoded(response)).toEqual(big)
  })
})
