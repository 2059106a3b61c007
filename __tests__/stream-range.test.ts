/** Reading a range of a stream body: offsets across chunks, early stops, failures, the deadline. */
import { Readable } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import { readDeadline } from '../src/deadline.js'
import { readStreamRange, sampleStreamBody, streamRange } from '../src/stream-body.js'
import { rejection } from './support/errors.js'
import { lambdaContextEndingIn } from './support/events.js'
import { readFixture } from './support/fixtures.js'
import {
  countingReadable,
  countingWebStream,
  failingReadable,
  stalledWebStream,
} from './support/streams.js'

const pdf = readFixture('document.pdf')

/** A body opened with no sample, as for a part whose type is declared. */
const opened = (body: Parameters<typeof sampleStreamBody>[0]) => sampleStreamBody(body, 0)

describe('readStreamRange', () => {
  // [case, chunk size, offset, count]
  test.each([
    ['inside one chunk', 1000, 100, 50],
    ['across chunks', 100, 150, 500],
    ['from a chunk boundary to one', 100, 200, 300],
    ['the first byte', 7, 0, 1],
    ['the last byte', 7, pdf.length - 1, 1],
    ['all of it', 64, 0, pdf.length],
    ['byte by byte', 1, 1000, 10],
  ])('%s', async (_name, chunkSize, offset, count) => {
    const source = Uint8Array.from(pdf)
    const { stream } = countingReadable(source, chunkSize)
    const part = await readStreamRange(await opened(stream), offset, count)
    // A copy: the stream's chunks (views of `source` here) are not what the part holds.
    source.fill(0)
    expect(part).toEqual(pdf.subarray(offset, offset + count))
  })

  test('stops at the end of the range and cancels a web stream', async () => {
    const { stream, state } = countingWebStream(pdf, 100)
    await readStreamRange(await opened(stream), 0, 250)
    expect(state.pulled).toBe(300)
    expect(state.cancelled).toBe(true)
  })

  test('strings are bytes too', async () => {
    const part = await readStreamRange(await opened(Readable.from(['abc', 'def'])), 2, 3)
    expect(part).toEqual(Buffer.from('cde'))
  })

  test('a stream that fails: the 500 naming the cause', async () => {
    const body = failingReadable(pdf.subarray(0, 10), 'reset')
    const error = await rejection(readStreamRange(await opened(body), 5, 100))
    expect(error.statusCode).toBe(500)
    expect(error.message).toBe(
      'middy-binary-response: reading the response body stream failed: reset',
    )
  })

  test('a stream that ends first: the 500 saying where', async () => {
    const error = await rejection(
      readStreamRange(await opened(Readable.from([pdf.subarray(0, 10)])), 5, 100),
    )
    expect(error.message).toContain(
      'the stream ended after 10 bytes, before the end of the range at byte 105',
    )
  })

  test('a stream that stalls past the deadline: the 500, the stream cancelled', async () => {
    const { stream, state } = stalledWebStream(pdf.subarray(0, 10))
    const deadline = readDeadline(lambdaContextEndingIn(150), 100)
    const error = await rejection(
      sampleStreamBody(stream, 0, deadline).then((body) => readStreamRange(body, 0, 100)),
    )
    expect(error.statusCode).toBe(500)
    expect(error.message).toContain('give the requested part')
    expect(state.cancelled).toBe(true)
  })
})

describe('sampleStreamBody', () => {
  test('the first bytes, then every chunk from the start', async () => {
    const { stream } = countingReadable(pdf, 1000)
    const body = await sampleStreamBody(stream, 1500)
    expect(body.sample).toEqual(pdf.subarray(0, 2000))
    expect(await readStreamRange(body, 0, pdf.length)).toEqual(pdf)
  })

  test('a body shorter than the sample', async () => {
    const { sample } = await sampleStreamBody(Readable.from([pdf.subarray(0, 10)]), 4100)
    expect(sample).toEqual(pdf.subarray(0, 10))
  })

  test('stopping within the sample still releases the stream', async () => {
    const { stream, state } = countingWebStream(pdf, 100)
    await readStreamRange(await sampleStreamBody(stream, 1000), 0, 50)
    expect(state.cancelled).toBe(true)
  })

  test('a stream that fails while sampled: the 500', async () => {
    const error = await rejection(
      sampleStreamBody(failingReadable(pdf.subarray(0, 10), 'gone'), 4100),
    )
    expect(error.message).toBe(
      'middy-binary-response: reading the response body stream failed: gone',
    )
  })
})

describe('streamRange', () => {
  test('a Readable of the range', async () => {
    const part = Buffer.concat(await streamRange(Readable.from([pdf]), 10, 20).toArray())
    expect(part).toEqual(pdf.subarray(10, 30))
  })

  test('a byte stream, as Lambda’s response stream is, not an object stream', () => {
    expect(streamRange(Readable.from([pdf]), 0, 10).readableObjectMode).toBe(false)
  })

  test('destroyed unread, it releases its source', () => {
    const source = Readable.from([pdf])
    streamRange(source, 0, 10).destroy()
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        expect(source.destroyed).toBe(true)
        resolve()
      })
    })
  })
})
