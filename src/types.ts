import type { BinaryBody } from './binary-body.js'
import type { StreamBody } from './stream-body.js'

/**
 * A proxy result whose body is bytes, or a stream of them; every field but `body` is optional, and a missing
 * `statusCode` means 200.
 */
export interface BinaryProxyResult {
  statusCode?: number
  statusDescription?: string
  headers?: Record<string, boolean | number | string>
  multiValueHeaders?: Record<string, Array<boolean | number | string>>
  cookies?: string[]
  body: BinaryBody | StreamBody
  isBase64Encoded?: false
}

/**
 * What a handler may return for the middleware to encode: the bytes alone, a stream of them (an S3 `Body`,
 * a `Readable`, a `ReadableStream`, a `Blob`), or a proxy result around either.
 */
export type BinaryHandlerResult = BinaryBody | StreamBody | BinaryProxyResult
