import { Readable } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import {
  cancelStreamBody,
  isStreamBody,
  peekStreamBody,
  readStreamBody,
} from '../src/stream-body.js'
import { rejection } from './support/errors.js'
import { readFixture } from './support/fixtures.js'
import {
  countingReadable,
  countingWebStream,
  failingReadable,
  sdkLikeBody,
} from './support/streams.js'

const png = readFixture('image.png')
const tooLarge = (bytes: number) => new Error(`too large at ${bytes}`)

describe('isStreamBody', () => {
  test.each([
    ['Node Readable', Readable.from([png]), true],
    ['web ReadableStream', new Blob([png]).stream(), true],
    ['Blob', new Blob([png]), true],
    ['File', new File([png], 'logo.png'), true],
    ['SDK body', sdkLikeBody(png), true],
    ['Buffer', png, false],
    ['string', 'png', false],
    [
      'object with a transformToByteArray that is not a function',
      { transformToByteArray: true },
      false,
    ],
    ['null', null, false],
  ])('%s: %s', (_name, value, expected) => {
    expect(isStreamBody(value)).toBe(expected)
  })
})

describe('readStreamBody', () => {
  test.each([
    ['Node Readable, many chunks', () => countingReadable(png, 100).stream],
    ['Node Readable, one chunk', () => Readable.from([png])],
    ['Readable of strings', () => Readable.from(['hello ', 'world'])],
    ['web ReadableStream', () => countingWebStream(png, 100).stream],
    ['Blob', () => new Blob([png])],
    ['SDK body with a web stream', () => sdkLikeBody(png, { webStream: true })],
    ['SDK body with only transformToByteArray', () => sdkLikeBody(png)],
  ])('%s: exactly the bytes', async (name, make) => {
    const expected = name.includes('strings') ? Buffer.from('hello world') : png
    expect(await readStreamBody(make(), 10_000_000, undefined, tooLarge)).toEqual(expected)
  })

  test('an empty stream is zero bytes', async () => {
    expect(await readStreamBody(Readable.from([]), 10, undefined, tooLarge)).toEqual(
      Buffer.alloc(0),
    )
  })

  test('a Node stream stops as soon as it passes the limit, and is destroyed', async () => {
    const big = Buffer.alloc(1_000_000, 1)
    const { stream, pulled } = countingReadable(big, 1000)
    await expect(readStreamBody(stream, 5000, undefined, tooLarge)).rejects.toThrow(
      'too large at 6000',
    )
    expect(stream.destroyed).toBe(true)
    // Nothing like the whole stream was read: at most the chunk that crossed the limit and Node's read-ahead.
    expect(pulled.bytes).toBeLessThan(6000 + 16_384 + 1000)
  })

  test('a web stream stops as soon as it passes the limit, and is cancelled', async () => {
    const { stream, state } = countingWebStream(Buffer.alloc(1_000_000, 1), 1000)
    await expect(readStreamBody(stream, 5000, undefined, tooLarge)).rejects.toThrow(
      'too large at 6000',
    )
    expect(state.cancelled).toBe(true)
    expect(state.pulled).toBeLessThanOrEqual(7000)
  })

  test('a stream that errors is a 500 naming the cause', async () => {
    const error = await rejection(
      readStreamBody(failingReadable(png, 'socket hang up'), 10_000, undefined, tooLarge),
    )
    expect(error.statusCode).toBe(500)
    expect(error.message).toBe(
      'middy-binary-response: reading the response body stream failed: socket hang up',
    )
    expect((error.cause as { data: Error }).data.message).toBe('socket hang up')
  })

  test('a chunk that is not bytes is a 500 naming it', async () => {
    const error = await rejection(
      readStreamBody(Readable.from([{ a: 1 }]), 10, undefined, tooLarge),
    )
    expect(error.message).toMatch(/chunk that is not bytes \(object\)/)
  })

  test('a stream that rejects with something that is not an Error still names it', async () => {
    const body = { transformToByteArray: () => Promise.reject('gone') }
    expect((await rejection(readStreamBody(body, 10, undefined, tooLarge))).message).toMatch(
      /failed: gone$/,
    )
  })

  test.each([
    [png.length + 1, true],
    [png.length - 1, true],
    [png.length, false],
  ])(
    'a stream that ends with a length other than its Content-Length %i fails: %s',
    async (declared, fails) => {
      const read = readStreamBody(Readable.from([png]), 10_000, declared, tooLarge)
      if (!fails) return expect(await read).toEqual(png)
      const error = await rejection(read)
      expect(error.statusCode).toBe(500)
      expect(error.message).toContain(
        `ended after ${png.length} bytes, but its Content-Length is ${declared}`,
      )
    },
  )
})

describe('peekStreamBody', () => {
  test.each([
    ['larger than the sample', Buffer.alloc(50_000, 7), 100, 4100],
    ['smaller than the sample', png, 100, png.length],
    ['empty', Buffer.alloc(0), 100, 0],
  ])(
    '%s: a sample of the first bytes, and a stream of them all',
    async (_name, bytes, chunk, sampleLength) => {
      const { stream: body } = countingReadable(bytes, chunk)
      const { sample, stream } = await peekStreamBody(body, 4100)
      // A byte stream, not an object stream: its consumers count and buffer bytes.
      expect(stream.readableObjectMode).toBe(false)
      expect(sample.length).toBeGreaterThanOrEqual(sampleLength)
      expect(sample.length).toBeLessThan(sampleLength + chunk)
      expect(sample).toEqual(bytes.subarray(0, sample.length))
      const all: Buffer[] = []
      for await (const part of stream) all.push(part)
      expect(Buffer.concat(all)).toEqual(bytes)
    },
  )

  test('destroying the returned stream releases the source', async () => {
    const { stream: body } = countingReadable(Buffer.alloc(100_000), 1000)
    const { stream } = await peekStreamBody(body, 10)
    stream.destroy()
    await new Promise((resolve) => stream.on('close', resolve))
    await new Promise((resolve) => setImmediate(resolve))
    expect(body.destroyed).toBe(true)
  })

  test('a stream that fails while peeking is a 500 naming the cause', async () => {
    const error = await rejection(peekStreamBody(failingReadable(Buffer.from([1]), 'boom'), 4100))
    expect(error.statusCode).toBe(500)
    expect(error.message).toMatch(/failed: boom$/)
  })
})

describe('cancelStreamBody', () => {
  test('destroys a Readable', () => {
    const stream = Readable.from([png])
    cancelStreamBody(stream)
    expect(stream.destroyed).toBe(true)
  })

  test('cancels a web stream', async () => {
    const { stream, state } = countingWebStream(png)
    cancelStreamBody(stream)
    await new Promise((resolve) => setImmediate(resolve))
    expect(state.cancelled).toBe(true)
  })

  test('a locked web stream cannot be cancelled, and that is not an error', async () => {
    const { stream, state } = countingWebStream(png)
    stream.getReader()
    expect(() => cancelStreamBody(stream)).not.toThrow()
    await new Promise((resolve) => setImmediate(resolve))
    expect(state.cancelled).toBe(false)
  })

  test.each([
    ['Blob', new Blob([png])],
    ['SDK body', sdkLikeBody(png)],
  ])('has nothing to release for a %s', (_name, body) => {
    expect(() => cancelStreamBody(body)).not.toThrow()
  })
})
