/**
 * Which results are stream bodies: a light module, since the middleware asks it of every result before
 * anything else of the pipeline is loaded.
 */
import { Readable } from 'node:stream'
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
