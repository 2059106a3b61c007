import { Readable } from 'node:stream'
import { isOwnError, streamFailed } from './errors.js'
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

const chunksOf = (body: StreamBody): AsyncIterable<unknown> => {
  if (body instanceof Readable || body instanceof ReadableStream) return body
  if (body instanceof Blob) return body.stream()
  if (typeof body.transformToWebStream === 'function') return body.transformToWebStream()
  const sdkBody = body
  return (async function* () {
    yield await sdkBody.transformToByteArray()
  })()
}

const asBytes = (chunk: unknown): Uint8Array => {
  if (chunk instanceof Uint8Array) return chunk
  if (typeof chunk === 'string') return Buffer.from(chunk)
  throw new TypeError(`the stream yielded a chunk that is not bytes (${typeof chunk})`)
}

/**
 * The chunks of a body as bytes, pulled one at a time. Leaving the iteration early (a `break`, a `throw`)
 * destroys a `Readable` and cancels a `ReadableStream`, so nothing more is read.
 */
export async function* bytesOf(body: StreamBody): AsyncGenerator<Uint8Array> {
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
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for await (const chunk of bytesOf(body)) {
      total += chunk.byteLength
      if (total > maxBytes) throw onTooLarge(total)
      chunks.push(chunk)
    }
  } catch (error) {
    if (isOwnError(error)) throw error
    throw streamFailed(error)
  }
  if (expectedLength !== undefined && total !== expectedLength) {
    throw streamFailed(
      new Error(
        `the stream ended after ${total} bytes, but its Content-Length is ${expectedLength}`,
      ),
    )
  }
  const [only] = chunks
  return chunks.length === 1 && only instanceof Buffer ? only : Buffer.concat(chunks, total)
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
  const held: Uint8Array[] = []
  let size = 0
  try {
    while (size < sampleSize) {
      const next = await source.next()
      if (next.done === true) break
      held.push(next.value)
      size += next.value.byteLength
    }
  } catch (error) {
    throw streamFailed(error)
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
