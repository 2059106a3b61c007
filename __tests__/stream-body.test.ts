import { once } from 'node:events'
import { Readable } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import {
  cancelStreamBody,
  isStreamBody,
  openStreamBody,
  peekStreamBody,
  readStreamBody,
  type StreamBody,
} from '../src/stream-body.js'
import { rejection } from './support/errors.js'
import { readFixture } from './support/fixtures.js'
import {
  countingReadable,
  countingWebStream,
  failingReadable,
  sdkLikeBody,
  stalledReadable,
  stalledWebStream,
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

  // A Readable given setEncoding yields its bytes as strings in that encoding: decoded back, exactly.
  test.each(['base64', 'hex', 'latin1'] as const)(
    'a Readable with setEncoding(%j): exactly the bytes',
    async (encoding) => {
      const stream = countingReadable(png, 100).stream
      stream.setEncoding(encoding)
      expect(await readStreamBody(stream, 10_000_000, undefined, tooLarge)).toEqual(png)
    },
  )

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

  // What a whole body may be, a chunk may be: the same exact view of the bytes.
  const backing = () => Uint8Array.from(png.subarray(0, 16)).buffer
  test.each([
    ['ArrayBuffer', () => backing(), png.subarray(0, 16)],
    ['DataView at an offset', () => new DataView(backing(), 3, 5), png.subarray(3, 8)],
    ['Uint16Array at an offset', () => new Uint16Array(backing(), 4, 2), png.subarray(4, 8)],
    ['Float64Array', () => new Float64Array(backing(), 8, 1), png.subarray(8, 16)],
    ['BigInt64Array', () => new BigInt64Array(backing()), png.subarray(0, 16)],
    ['Int8Array', () => new Int8Array(backing(), 1, 2), png.subarray(1, 3)],
    [
      'SharedArrayBuffer',
      () => {
        const shared = new SharedArrayBuffer(4)
        new Uint8Array(shared).set(png.subarray(0, 4))
        return shared
      },
      png.subarray(0, 4),
    ],
  ])('%s chunks: their bytes', async (_name, make, expected) => {
    const node = Readable.from([make(), make()])
    const web = new ReadableStream({
      start(controller) {
        controller.enqueue(make())
        controller.enqueue(make())
        controller.close()
      },
    })
    const twice = Buffer.concat([expected, expected])
    expect(await readStreamBody(node, 100, undefined, tooLarge)).toEqual(twice)
    expect(await readStreamBody(web, 100, undefined, tooLarge)).toEqual(twice)
  })

  test('a chunk whose buffer is detached is a 500, not a silent gap', async () => {
    const buffer = backing()
    const chunk = new Uint8Array(buffer)
    structuredClone(buffer, { transfer: [buffer] })
    const error = await rejection(
      readStreamBody(Readable.from([png, chunk]), 10_000, undefined, tooLarge),
    )
    expect(error.statusCode).toBe(500)
    expect(error.message).toMatch(/yielded a chunk whose ArrayBuffer is detached/)
  })

  test('a chunk that is not bytes is a 500 naming it', async () => {
    const body = Readable.from([{ a: 1 }, png])
    const error = await rejection(readStreamBody(body, 10, undefined, tooLarge))
    expect(error.message).toMatch(/chunk that is not bytes \(object\)/)
    expect(body.destroyed).toBe(true)
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

/** A web stream holding `chunks`, closed, never read. */
const webOf = (...chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk)
      controller.close()
    },
  })

/** A Readable that flowed to its end before anyone here looked at it. */
const drained = async (stream: Readable) => {
  stream.resume()
  await once(stream, 'end')
  return stream
}

describe('a stream read before it was returned', () => {
  const refused: Array<[string, () => Promise<StreamBody>, RegExp]> = [
    [
      'Readable read to its end',
      () => drained(Readable.from([png])),
      /already read to its end.* Return a fresh stream, or the bytes read from it\.$/,
    ],
    [
      'Readable read in part',
      async () => {
        const stream = Readable.from([png, png])
        await stream[Symbol.asyncIterator]().next()
        return stream
      },
      /already read in part.* Return a fresh stream, or the bytes read from it\.$/,
    ],
    [
      'Readable read, then unshifted',
      async () => {
        const stream = countingReadable(png, 100).stream
        await once(stream, 'readable')
        stream.unshift(stream.read(10) as Buffer)
        return stream
      },
      /already read in part.* Return a fresh stream, or the bytes read from it\.$/,
    ],
    [
      'web stream read to its end',
      async () => {
        const stream = webOf(png)
        for await (const _ of stream);
        return stream
      },
      /already read or cancelled.* Return a fresh stream, or the bytes read from it\.$/,
    ],
    [
      'web stream read in part, lock released',
      async () => {
        const stream = webOf(png, png)
        const reader = stream.getReader()
        await reader.read()
        reader.releaseLock()
        return stream
      },
      /already read or cancelled.* Return a fresh stream, or the bytes read from it\.$/,
    ],
    [
      'web stream cancelled',
      async () => {
        const stream = webOf(png)
        await stream.cancel()
        return stream
      },
      /already read or cancelled.* Return a fresh stream, or the bytes read from it\.$/,
    ],
    [
      'web stream locked, unread',
      async () => {
        const stream = webOf(png)
        stream.getReader()
        return stream
      },
      /is locked: a reader holds it, so it cannot be read\. Release the reader \(reader\.releaseLock\(\)\)/,
    ],
    [
      'fetch body already consumed',
      async () => {
        const response = new Response(png)
        await response.arrayBuffer()
        return response.body as ReadableStream
      },
      /already read or cancelled.* Return a fresh stream, or the bytes read from it\.$/,
    ],
  ]

  test.each(refused)('%s: a 500, never a truncated body', async (_name, make, message) => {
    for (const read of [
      (body: StreamBody) => readStreamBody(body, 10_000, undefined, tooLarge),
      (body: StreamBody) => peekStreamBody(body, 4100),
    ]) {
      const error = await rejection(read(await make()))
      expect(error.statusCode).toBe(500)
      expect(error.message).toMatch(/^middy-binary-response: the response body stream /)
      expect(error.message).toMatch(message)
      expect(error.cause).toEqual({ package: 'middy-binary-response' })
    }
  })

  test('a refused stream is released: destroyed or cancelled', async () => {
    const node = Readable.from([png, png])
    await node[Symbol.asyncIterator]().next()
    const { stream: web, state } = countingWebStream(png, 100)
    const reader = web.getReader()
    await reader.read()
    reader.releaseLock()
    await rejection(readStreamBody(node, 10_000, undefined, tooLarge))
    await rejection(readStreamBody(web, 10_000, undefined, tooLarge))
    await new Promise((resolve) => setImmediate(resolve))
    expect(node.destroyed).toBe(true)
    expect(state.cancelled).toBe(true)
  })

  // Nothing was ever in these: an ended Readable from which no data was ever read, a web stream that
  // nobody touched. They are what they are: empty, or whole.
  const accepted: Array<[string, () => Promise<StreamBody>, Buffer]> = [
    ['empty Readable that ended', () => drained(Readable.from([])), Buffer.alloc(0)],
    [
      'empty Readable ended by push(null)',
      () => {
        const stream = new Readable({ read() {} })
        stream.push(null)
        return drained(stream)
      },
      Buffer.alloc(0),
    ],
    [
      'Readable resumed and paused, nothing emitted',
      async () => {
        const stream = Readable.from([png])
        stream.resume()
        stream.pause()
        return stream
      },
      png,
    ],
    ['web stream closed empty, unread', async () => webOf(), Buffer.alloc(0)],
    ['web stream closed full, unread', async () => webOf(png), png],
    [
      'web stream released unread',
      async () => {
        const stream = webOf(png)
        stream.getReader().releaseLock()
        return stream
      },
      png,
    ],
    ['a tee branch', async () => webOf(png).tee()[0], png],
  ]

  test.each(accepted)('%s: read as it is', async (_name, make, expected) => {
    expect(await readStreamBody(await make(), 10_000, undefined, tooLarge)).toEqual(expected)
    const { sample, stream } = await peekStreamBody(await make(), 4100)
    expect(sample).toEqual(expected.subarray(0, sample.length))
    expect(Buffer.concat(await stream.toArray())).toEqual(expected)
  })
})

describe('a stream that stalls, with a deadline', () => {
  const deadline = (budgetInMillis: number) => ({
    remainingInMillis: budgetInMillis + 10,
    marginInMillis: 10,
    budgetInMillis,
  })
  const read = (body: StreamBody, budget: number) =>
    readStreamBody(body, 10_000, undefined, tooLarge, deadline(budget))

  test('a Readable: destroyed, a 500 at the deadline', async () => {
    const body = stalledReadable(png.subarray(0, 10))
    const started = Date.now()
    const error = await rejection(read(body, 60))
    expect(Date.now() - started).toBeGreaterThanOrEqual(55)
    expect(error.statusCode).toBe(500)
    expect(error.message).toMatch(
      /did not end within the 60 ms the invocation had left for it \(70 ms remaining, less streamTimeoutEarlyInMillis 10 ms\), after 10 bytes; it was destroyed\./,
    )
    expect(body.destroyed).toBe(true)
  })

  test('a web stream: cancelled, a 500 at the deadline', async () => {
    const { stream, state } = stalledWebStream()
    const error = await rejection(read(stream, 30))
    expect(error.message).toMatch(/after 0 bytes; it was cancelled\./)
    expect(state.cancelled).toBe(true)
  })

  test('a Readable whose destroy never finishes still gives the 500', async () => {
    const body = new Readable({ read() {}, destroy() {} })
    expect((await rejection(read(body, 30))).message).toMatch(/it was destroyed\./)
  })

  test('an SDK body that never answers: a 500 at the deadline', async () => {
    const body = { transformToByteArray: () => new Promise<Uint8Array>(() => undefined) }
    expect((await rejection(read(body, 30))).message).toMatch(/after 0 bytes; it was abandoned\./)
  })

  test.each([0, -25])('a budget of %i ms: refused before a byte is read', async (budget) => {
    const { stream, pulled } = countingReadable(png)
    const error = await rejection(read(stream, budget))
    expect(error.message).toMatch(/no time left to read the response body stream/)
    expect(pulled.bytes).toBe(0)
    expect(stream.destroyed).toBe(true)
  })

  test('the clock stops with the read: nothing fires afterwards', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout')
    const before = timers().length
    for (const body of [Readable.from([png]), countingWebStream(png).stream]) {
      expect(await read(body, 60_000)).toEqual(png)
    }
    await expect(read(failingReadable(png, 'reset'), 60_000)).rejects.toThrow('reset')
    await expect(
      readStreamBody(countingReadable(png, 10).stream, 5, undefined, tooLarge, deadline(60_000)),
    ).rejects.toThrow('too large')
    expect(timers().length).toBeLessThanOrEqual(before)
  })

  test('a clock that runs out between two reads fails the next one', async () => {
    const body = Readable.from([png, png])
    const reader = openStreamBody(body, deadline(20), 'end')
    expect(await reader.read()).toEqual(png)
    await new Promise((resolve) => setTimeout(resolve, 40))
    // Released when the clock ran out, not when the next read came.
    expect(body.destroyed).toBe(true)
    const error = await rejection(reader.read())
    expect(error.message).toMatch(
      /did not end within the 20 ms .*after 1,\d{3} bytes; it was destroyed/,
    )
  })

  test('the peek is bounded, and the rest is not', async () => {
    const { stream: body, state } = stalledWebStream(png.subarray(0, 100))
    const error = await rejection(peekStreamBody(body, 4100, deadline(30)))
    expect(error.message).toMatch(/did not give its first 4,100 bytes or end within the 30 ms/)
    expect(state.cancelled).toBe(true)

    // Once the sample is in, the deadline no longer applies: a later pause is the consumer's business.
    let resume: () => void = () => undefined
    const resumed = new Promise<void>((resolve) => {
      resume = resolve
    })
    let calls = 0
    const late = new Readable({
      read() {
        calls += 1
        if (calls === 1) this.push(png)
        else if (calls === 2) void resumed.then(() => this.push(png))
        else this.push(null)
      },
    })
    const { stream } = await peekStreamBody(late, 10, deadline(30))
    const all = stream.toArray()
    await new Promise((resolve) => setTimeout(resolve, 60))
    resume()
    expect(Buffer.concat(await all)).toEqual(Buffer.concat([png, png]))
  })
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
