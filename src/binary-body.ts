// node:util/types rather than node:util: the smaller module, loaded with the entry at every cold start.
import { isAnyArrayBuffer } from 'node:util/types'
import { isRecord } from './is-record.js'
import { isStreamBody, type StreamBody } from './stream-kinds.js'

/**
 * The byte containers a handler may return: a `Buffer`, a `Uint8Array` or any other typed-array view, a
 * `DataView`, an `ArrayBuffer` (or `SharedArrayBuffer`).
 */
export type BinaryBody = ArrayBufferView | ArrayBufferLike

/** Where the bytes were found: the result itself, or the `body` of a proxy-shaped result. */
export interface FoundResult {
  readonly body: BinaryBody | StreamBody
  /** The proxy result around the body; `undefined` when the handler returned the bytes alone. */
  readonly proxy: Readonly<Record<string, unknown>> | undefined
}

export const isBinaryBody = (value: unknown): value is BinaryBody =>
  ArrayBuffer.isView(value) || isAnyArrayBuffer(value)

/**
 * Whether a value is bytes or a body to read them from. Asked of every result, JSON ones included, so the
 * common answers come first: a string or number body is no object, and a plain object (a proxy result, a
 * JSON body) can only be an SDK-shaped body, which the full test would find by that one method too.
 */
const isResponseBody = (value: unknown): value is BinaryBody | StreamBody => {
  if (typeof value !== 'object' || value === null) return false
  // Stryker disable next-line ConditionalExpression,BlockStatement: a fast path; the full test gives a plain object the same answer by the same method.
  if (Object.getPrototypeOf(value) === Object.prototype) {
    return typeof (value as { transformToByteArray?: unknown }).transformToByteArray === 'function'
  }
  return isBinaryBody(value) || isStreamBody(value)
}

/**
 * Recognises a result this middleware acts on: bytes, or a body to read them from. A proxy result already marked `isBase64Encoded: true`
 * carries its own encoding and is never encoded twice.
 */
export const findBinaryResult = (response: unknown): FoundResult | undefined => {
  if (isResponseBody(response)) return { body: response, proxy: undefined }
  if (isRecord(response) && response.isBase64Encoded !== true && isResponseBody(response.body)) {
    return { body: response.body, proxy: response }
  }
  return undefined
}

/**
 * A plain `Buffer` over exactly the bytes the container views (byteOffset and byteLength honoured), sharing
 * its memory: no copy. Always a fresh plain view, so a Buffer subclass that overrides `toString` cannot
 * change how the bytes are encoded. Returns `undefined` for a detached buffer, whose bytes are gone.
 */
export const viewBytes = (body: BinaryBody): Buffer | undefined => {
  const view = ArrayBuffer.isView(body)
  const buffer = view ? body.buffer : body
  if ((buffer as ArrayBuffer).detached === true) return undefined
  return view ? Buffer.from(buffer, body.byteOffset, body.byteLength) : Buffer.from(buffer)
}
