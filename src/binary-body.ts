import { types } from 'node:util'

/**
 * The byte containers a handler may return: a `Buffer`, a `Uint8Array` or any other typed-array view, a
 * `DataView`, an `ArrayBuffer` (or `SharedArrayBuffer`).
 */
export type BinaryBody = ArrayBufferView | ArrayBufferLike

/** Where the bytes were found: the result itself, or the `body` of a proxy-shaped result. */
export interface BinaryResult {
  readonly body: BinaryBody
  /** The proxy result around the body; `undefined` when the handler returned the bytes alone. */
  readonly proxy: Readonly<Record<string, unknown>> | undefined
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const isBinaryBody = (value: unknown): value is BinaryBody =>
  ArrayBuffer.isView(value) || types.isAnyArrayBuffer(value)

/**
 * Recognises a result this middleware acts on. A proxy result already marked `isBase64Encoded: true`
 * carries its own encoding and is never encoded twice.
 */
export const findBinaryResult = (response: unknown): BinaryResult | undefined => {
  if (isBinaryBody(response)) return { body: response, proxy: undefined }
  if (isRecord(response) && response.isBase64Encoded !== true && isBinaryBody(response.body)) {
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
