import { Readable } from 'node:stream'
import { isBinaryBody, viewBytes } from './binary-body.js'
import type { ReadDeadline } from './deadline.js'
import {
  isOwnError,
  noTimeToRead,
  readTimedOut,
  streamAlreadyRead,
  streamFailed,
} from './errors.js'
import type { SdkStreamBody, StreamBody } from './stream-kinds.js'

export { isStreamBody, type SdkStreamBody, type StreamBody } from './stream-kinds.js'

/** Stops a body nobody will read, so its socket or file is released at once. */
export const cancelStreamBody = (body: StreamBody): void => {
  if (body instanceof Readable) body.destroy()
  else if (body instanceof ReadableStream) {
    // A stream that cannot be cancelled (already locked or errored) has nothing left to release.
    body.cancel().catch(() => undefined)
  }
}

// Node documents `isDisturbed` for web streams as well (read from or cancelled); @types/node types only
// its own streams.
const isDisturbed = Readable.isDisturbed as (stream: Readable | ReadableStream) => boolean

const FRESH_STREAM = 'Return a fresh stream, or the bytes read from it.'

/**
 * Why a stream's bytes are no longer all there, if they are not: sending what is left would be a
 * truncated body answered with a 200. A Node `Readable` tells exactly: `readableDidRead` is set once any
 * data has left it (a `'data'` event, a `read()` that returned bytes), so an ended stream that never gave
 * any was empty from the start and is read as the empty body it is. A web stream only says it was
 * "disturbed" (read from or cancelled, even when the read found nothing), so every disturbed one is
 * refused; a locked one cannot be read at all.
 */
const alreadyReadError = (body: Readable | ReadableStream): Error | undefined => {
  if (body instanceof Readable) {
    if (!body.readableDidRead) return undefined
    return body.readableEnded
      ? streamAlreadyRead(
          'was already read to its end before it was returned (readableDidRead, readableEnded): sending it would send none of its bytes',
          FRESH_STREAM,
        )
      : streamAlreadyRead(
          'was already read in part before it was returned (readableDidRead): sending it would send only the bytes left in it',
          FRESH_STREAM,
        )
  }
  if (isDisturbed(body)) {
    return streamAlreadyRead(
      'was already read or cancelled before it was returned: sending it would send only the bytes left in it, if any',
      FRESH_STREAM,
    )
  }
  if (body.locked) {
    return streamAlreadyRead(
      'is locked: a reader holds it, so it cannot be read',
      'Release the reader (reader.releaseLock()) before returning the stream, or return a fresh one.',
    )
  }
  return undefined
}

/** Where a body's chunks come from, one pull at a time, and how to stop it early. */
interface ChunkSource {
  next(): Promise<IteratorResult<unknown, unknown>>
  /** Releases the stream without waiting for it: destroys a Readable, cancels a web stream. */
  stop(): void
  /** What `stop` does, for the messages: `'destroyed'`, `'cancelled'`. */
  readonly stopped: string
}

const nodeSource = (body: Readable): ChunkSource => {
  const chunks = body[Symbol.asyncIterator]()
  // Not `chunks.return()`: an async iterator queues it behind a pending `next()`, which a stalled stream
  // never settles.
  return { next: () => chunks.next(), stop: () => body.destroy(), stopped: 'destroyed' }
}

const webSource = (stream: ReadableStream): ChunkSource => {
  // A reader, not the async iterator, for the same reason: `reader.cancel()` settles a pending read.
  const reader = stream.getReader()
  return {
    next: () => reader.read(),
    // A cancel that fails (the stream errored) leaves nothing to release; one that never settles is the
    // source's own business.
    stop: () => {
      reader.cancel().catch(() => undefined)
    },
    stopped: 'cancelled',
  }
}

/** An SDK body outside Node offers its bytes in one call, which cannot be called off. */
const byteArraySource = (body: SdkStreamBody): ChunkSource => {
  let called = false
  return {
    next: async () => {
      if (called) return { done: true, value: undefined }
      called = true
      return { done: false, value: await body.transformToByteArray() }
    },
    stop: () => undefined,
    stopped: 'abandoned',
  }
}

/** The source of a body's chunks, once it is known to hold all its bytes; else the stream is released. */
const sourceOf = (body: StreamBody): ChunkSource => {
  const stream =
    body instanceof Readable || body instanceof ReadableStream
      ? body
      : body instanceof Blob
        ? body.stream()
        : typeof body.transformToWebStream === 'function'
          ? body.transformToWebStream()
          : undefined
  if (stream === undefined) return byteArraySource(body as SdkStreamBody)
  const refusal = alreadyReadError(stream)
  if (refusal !== undefined) {
    // Released like any refused body: a half-read socket or file is not left open.
    cancelStreamBody(stream)
    throw refusal
  }
  return stream instanceof Readable ? nodeSource(stream) : webSource(stream)
}

/** The error a failed read throws: this middleware's own as it is, anything else as the stream's failure. */
const asReadError = (error: unknown): unknown => (isOwnError(error) ? error : streamFailed(error))

/**
 * How a body's string chunks turn back into bytes: a Node `Readable` given `setEncoding('base64')` (or
 * `hex`, `latin1`, …) yields its bytes in that encoding, which only decoding with it gives back; any other
 * string is UTF-8.
 */
const stringEncodingOf = (body: StreamBody): BufferEncoding =>
  (body instanceof Readable ? body.readableEncoding : null) ?? 'utf8'

/**
 * A chunk as bytes, by the rules for a whole body: any typed array, `DataView`, `ArrayBuffer` or
 * `SharedArrayBuffer` is the exact bytes it views (no copy); a string is decoded with the stream's encoding.
 */
const asBytes = (chunk: unknown, encoding: BufferEncoding): Buffer => {
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding)
  if (!isBinaryBody(chunk)) {
    throw new TypeError(`the stream yielded a chunk that is not bytes (${typeof chunk})`)
  }
  const bytes = viewBytes(chunk)
  // A detached chunk views zero bytes: skipping it would send the body with a hole in it.
  if (bytes === undefined) {
    throw new TypeError(
      'the stream yielded a chunk whose ArrayBuffer is detached (its bytes were transferred away)',
    )
  }
  return bytes
}

/** A body being read: its chunks as bytes, pulled one at a time, within the deadline if there is one. */
export interface BodyReader {
  /** The next chunk, or `undefined` at the end. Rejects with an HttpError 500 for every failure. */
  read(): Promise<Buffer | undefined>
  /** Stops reading early: the stream is released, the clock stopped. */
  stop(): void
  /** Stops the clock only: what is left may take as long as it takes. */
  untimed(): void
}

/**
 * Opens a body for reading. With a deadline, one clock runs from here: when it runs out, the stream is
 * released and the pending read (or the next) rejects with the 500 naming what it `awaited`, however the
 * stream behaves. With no time left at all, the stream is released before a byte is read.
 */
export const openStreamBody = (
  body: StreamBody,
  deadline: ReadDeadline | undefined,
  awaited: string,
): BodyReader => {
  const source = sourceOf(body)
  const encoding = stringEncodingOf(body)
  let bytesRead = 0
  let clock: NodeJS.Timeout | undefined
  // Set when the clock has run out; `interrupt` rejects the read in progress, if one is.
  let timedOut: Error | undefined
  let interrupt: ((error: Error) => void) | undefined
  if (deadline !== undefined) {
    if (deadline.budgetInMillis <= 0) {
      source.stop()
      throw noTimeToRead(deadline, source.stopped)
    }
    clock = setTimeout(() => {
      timedOut = readTimedOut(deadline, awaited, bytesRead, source.stopped)
      source.stop()
      interrupt?.(timedOut)
    }, deadline.budgetInMillis)
  }
  const untimed = () => {
    clearTimeout(clock)
    clock = undefined
  }
  // Without a clock, the source's own promise; with one, a promise the clock can also settle, however the
  // stream behaves once stopped.
  const next = (): Promise<IteratorResult<unknown, unknown>> => {
    // Stryker disable next-line ConditionalExpression: without a clock the wrapped promise settles as the source's does; this only spares it.
    if (clock === undefined) return source.next()
    if (timedOut !== undefined) return Promise.reject(timedOut)
    return new Promise((resolve, reject) => {
      interrupt = reject
      source.next().then(resolve, reject)
    })
  }
  return {
    async read() {
      try {
        const result = await next()
        if (result.done === true) {
          untimed()
          return undefined
        }
        const bytes = asBytes(result.value, encoding)
        bytesRead += bytes.byteLength
        return bytes
      } catch (error) {
        untimed()
        source.stop()
        throw asReadError(error)
      }
    },
    stop() {
      untimed()
      source.stop()
    },
    untimed,
  }
}

/**
 * Reads a body into one Buffer, stopping as soon as it passes `maxBytes`: `onTooLarge` then supplies the
 * error to throw, and the stream is destroyed or cancelled. A stream that errors, that ends short of the
 * length it declared, that was already read, or that does not end by the deadline is an HttpError 500
 * naming the cause.
 */
export const readStreamBody = async (
  body: StreamBody,
  maxBytes: number,
  expectedLength: number | undefined,
  onTooLarge: (bytesRead: number) => Error,
  deadline?: ReadDeadline,
): Promise<Buffer> => {
  const reader = openStreamBody(body, deadline, 'end')
  const chunks: Buffer[] = []
  let total = 0
  for (let chunk = await reader.read(); chunk !== undefined; chunk = await reader.read()) {
    total += chunk.byteLength
    if (total > maxBytes) {
      reader.stop()
      throw onTooLarge(total)
    }
    chunks.push(chunk)
  }
  if (expectedLength !== undefined && total !== expectedLength) {
    throw streamFailed(
      new Error(
        `the stream ended after ${total} bytes, but its Content-Length is ${expectedLength}`,
      ),
    )
  }
  // One chunk is already the body: no copy.
  // Stryker disable next-line ConditionalExpression: a fast path; the concatenation of one chunk is a copy of the same bytes.
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total)
}

/** Reads chunks until at least `sampleSize` bytes are held (0: none), or the body ends. */
const readSample = async (
  reader: BodyReader,
  sampleSize: number,
): Promise<{ held: Buffer[]; sample: Buffer }> => {
  const held: Buffer[] = []
  let size = 0
  while (size < sampleSize) {
    const chunk = await reader.read()
    if (chunk === undefined) break
    held.push(chunk)
    size += chunk.byteLength
  }
  return { held, sample: Buffer.concat(held, size) }
}

/**
 * The first bytes of a body (at least `sampleSize`, unless it ends sooner) for sniffing its type, and a
 * Readable that yields the whole body, those bytes included, for Lambda response streaming. Only the
 * sample is bounded by the deadline: the rest is sent after the after-hooks, by Middy.
 */
export const peekStreamBody = async (
  body: StreamBody,
  sampleSize: number,
  deadline?: ReadDeadline,
): Promise<{ sample: Buffer; stream: Readable }> => {
  const reader = openStreamBody(
    body,
    deadline,
    `give its first ${sampleSize.toLocaleString('en-US')} bytes or end`,
  )
  const { held, sample } = await readSample(reader, sampleSize)
  reader.untimed()
  // A source that has ended answers every further read with its end.
  const rest = async function* () {
    yield* held
    for (let chunk = await reader.read(); chunk !== undefined; chunk = await reader.read()) {
      yield chunk
    }
  }
  const stream = Readable.from(rest(), { objectMode: false })
  // However the stream closes (read to its end, destroyed by Middy or the runtime, before or while it
  // is read), the source is released; stopping one that ended changes nothing.
  stream.once('close', () => reader.stop())
  return { sample, stream }
}

/** A body opened to read a part of it: the first bytes already read (for sniffing), and the reader. */
export interface OpenedBody {
  readonly reader: BodyReader
  /** The chunks read so far, the part's first bytes among them when it starts early. */
  readonly held: readonly Buffer[]
  /** Those chunks as one Buffer: at least the sample size asked for, unless the body ends sooner. */
  readonly sample: Buffer
}

/**
 * Opens a body to read a part of it, first reading at least `sampleSize` bytes (0: none) for sniffing its
 * type; those are held for the part. Within the deadline if there is one: the clock runs until the part is
 * read.
 */
export const sampleStreamBody = async (
  body: StreamBody,
  sampleSize: number,
  deadline?: ReadDeadline,
): Promise<OpenedBody> => {
  const reader = openStreamBody(body, deadline, 'give the requested part')
  return { reader, ...(await readSample(reader, sampleSize)) }
}

/**
 * The bytes of an opened body from byte `offset`, `count` of them, for a range: the bytes before it are read
 * and dropped as they come, and reading stops (the stream released) as soon as the last byte is in hand, or
 * whenever the consumer stops. A body that ends before the range does is an HttpError 500; every other
 * failure is the reader's own 500.
 */
export async function* bytesInRange(
  opened: OpenedBody,
  offset: number,
  count: number,
): AsyncGenerator<Buffer> {
  const end = offset + count
  let position = 0
  let taken = 0
  const next = async () =>
    taken < opened.held.length ? opened.held[taken++] : await opened.reader.read()
  try {
    for (let chunk = await next(); chunk !== undefined; chunk = await next()) {
      const after = position + chunk.byteLength
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a chunk before the range yields an empty slice, which adds no byte.
      if (after > offset) {
        yield chunk.subarray(
          Math.max(0, offset - position),
          Math.min(chunk.byteLength, end - position),
        )
      }
      position = after
      if (position >= end) return
    }
  } finally {
    // Stopping a reader that ended changes nothing.
    opened.reader.stop()
  }
  throw streamFailed(
    new Error(
      `the stream ended after ${position} bytes, before the end of the range at byte ${end}`,
    ),
  )
}

/** The bytes of a range of an opened body, read as `bytesInRange` reads them, in one Buffer of their own. */
export const readStreamRange = async (
  opened: OpenedBody,
  offset: number,
  count: number,
): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const chunk of bytesInRange(opened, offset, count)) chunks.push(chunk)
  // A copy, always: a chunk that began before the range holds bytes the response must not keep.
  return Buffer.concat(chunks, count)
}

/**
 * A Readable of a range of `body` (see `bytesInRange`), for Lambda response streaming: sent after the
 * after-hooks, so no deadline. Destroyed before it is read, it never starts reading, so it releases `body`
 * itself whenever it closes.
 */
export const streamRange = (body: Readable, offset: number, count: number): Readable => {
  const opened: OpenedBody = {
    // Stryker disable next-line StringLiteral: named only in a deadline's message, and this read has no deadline.
    reader: openStreamBody(body, undefined, 'give the requested part'),
    held: [],
    sample: Buffer.alloc(0),
  }
  const range = Readable.from(bytesInRange(opened, offset, count), { objectMode: false })
  range.once('close', () => opened.reader.stop())
  return range
}
