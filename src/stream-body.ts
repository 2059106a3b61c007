import { Readable } from 'node:stream'
import { isBinaryBody, viewBytes } from './binary-body.js'
import { isOwnError, streamAlreadyRead, streamFailed } from './errors.js'
import { isRecord } from './is-record.js'

/**
 * The body of an AWS SDK v3 streaming response (S3 `GetObject`'s `Body`). In Node it is also a `Readable`
 * (the HTTP response itself); elsewhere only these methods are promised.
 */
export interface SdkStreamBody {
  transformToByteArray(): Promise<Uint8Array>
  transformToWebStream?(): ReadableStream<Uint8Array>
}

/** A body that is read rather than held: a Node `Readable`, a web `ReadableStream`, a `Blob`, an SDK body. */
export type StreamBody = Readable | ReadableStream | Blob | SdkStreamBody

export const isStreamBody = (value: unknown): value is StreamBody =>
  value instanceof Readable ||
  value instanceof ReadableStream ||
  value instanceof Blob ||
  (isRecord(value) && typeof value.transformToByteArray === 'function')

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
 * Refuses a stream whose bytes are no longer all there: sending what is left would be a truncated body
 * answered with a 200. A Node `Readable` tells exactly: `readableDidRead` is set once any data has left
 * it (a `'data'` event, a `read()` that returned bytes), so an ended stream that never gave any was
 * empty from the start and is read as the empty body it is. A web stream only says it was "disturbed"
 * (read from or cancelled, even when the read found nothing), so every disturbed one is refused; a
 * locked one cannot be read at all.
 */
const refuseIfRead = (body: Readable | ReadableStream): void => {
  if (body instanceof Readable) {
    if (body.readableDidRead) {
      throw body.readableEnded
        ? streamAlreadyRead(
            'was already read to its end before it was returned (readableDidRead, readableEnded): sending it would send none of its bytes',
            FRESH_STREAM,
          )
        : streamAlreadyRead(
            'was already read in part before it was returned (readableDidRead): sending it would send only the bytes left in it',
            FRESH_STREAM,
          )
    }
  } else if (isDisturbed(body)) {
    throw streamAlreadyRead(
      'was already read or cancelled before it was returned: sending it would send only the bytes left in it, if any',
      FRESH_STREAM,
    )
  } else if (body.locked) {
    throw streamAlreadyRead(
      'is locked: a reader holds it, so it cannot be read',
      'Release the reader (reader.releaseLock()) before returning the stream, or return a fresh one.',
    )
  }
}

const chunksOf = (body: StreamBody): AsyncIterable<unknown> => {
  if (body instanceof Readable || body instanceof ReadableStream) {
    refuseIfRead(body)
    return body
  }
  if (body instanceof Blob) return body.stream()
  if (typeof body.transformToWebStream === 'function') {
    const stream = body.transformToWebStream()
    refuseIfRead(stream)
    return stream
  }
  const sdkBody = body
  return (async function* () {
    yield await sdkBody.transformToByteArray()
  })()
}

/**
 * A chunk as bytes, by the rules for a whole body: any typed array, `DataView`, `ArrayBuffer` or
 * `SharedArrayBuffer` is the exact bytes it views (no copy); a string is its UTF-8.
 */
const asBytes = (chunk: unknown): Buffer => {
  if (typeof chunk === 'string') return Buffer.from(chunk)
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

/** The error a failed read throws: this middleware's own as it is, anything else as the stream's failure. */
const asReadError = (error: unknown): unknown => (isOwnError(error) ? error : streamFailed(error))

/**
 * The chunks of a body as bytes, pulled one at a time. Leaving the iteration early (a `break`, a `throw`)
 * destroys a `Readable` and cancels a `ReadableStream`, so nothing more is read.
 */
export async function* bytesOf(body: StreamBody): AsyncGenerator<Buffer> {
  for await (const chunk of chunksOf(body)) yield asBytes(chunk)
}

/**
 * Reads a body into one Buffer, stopping as soon as it passes `maxBytes`: `onTooLarge` then supplies the
 * error to throw, and the stream is destroyed or cancelled. A stream that errors, or that ends short of
 * the length it declared, is an HttpError 500 naming the cause.
 */
export const readStreamBody = async (
  body: StreamBody,
  maxBytes: number,
  expectedLength: number | undefined,
  onTooLarge: (bytesRead: number) => Error,
): Promise<Buffer> => {
  const chunks: Buffer[] = []
  let total = 0
  try {
    for await (const chunk of bytesOf(body)) {
      total += chunk.byteLength
      if (total > maxBytes) throw onTooLarge(total)
      chunks.push(chunk)
    }
  } catch (error) {
    throw asReadError(error)
  }
  if (expectedLength !== undefined && total !== expectedLength) {
    throw streamFailed(
      new Error(
        `the stream ended after ${total} bytes, but its Content-Length is ${expectedLength}`,
      ),
    )
  }
  // One chunk is already the body: no copy.
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total)
}

/**
 * The first bytes of a body (at least `sampleSize`, unless it ends sooner) for sniffing its type, and a
 * Readable that yields the whole body, those bytes included, for Lambda response streaming.
 */
export const peekStreamBody = async (
  body: StreamBody,
  sampleSize: number,
): Promise<{ sample: Buffer; stream: Readable }> => {
  const source = bytesOf(body)
  const held: Buffer[] = []
  let size = 0
  try {
    while (size < sampleSize) {
      const next = await source.next()
      if (next.done === true) break
      held.push(next.value)
      size += next.value.byteLength
    }
  } catch (error) {
    throw asReadError(error)
  }
  const rest = async function* () {
    yield* held
    yield* source
  }
  const stream = Readable.from(rest(), { objectMode: false })
  // A stream destroyed before it was read never starts `rest`, so it cannot pass the news on: release the
  // source here, whenever the stream closes (ending normally, it has nothing left to release).
  stream.once('close', () => {
    void source.return(undefined)
  })
  return { sample: Buffer.concat(held, size), stream }
}
