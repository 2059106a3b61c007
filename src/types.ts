import type { BinaryBody } from './binary-body.js'

/** A proxy result whose body is bytes; every field but `body` is optional, and a missing `statusCode` means 200. */
export interface BinaryProxyResult {
  statusCode?: number
  statusDescription?: string
  headers?: Record<string, boolean | number | string>
  multiValueHeaders?: Record<string, Array<boolean | number | string>>
  cookies?: string[]
  body: BinaryBody
  isBase64Encoded?: false
}

/** What a handler may return for the middleware to encode: the bytes alone, or a proxy result around them. */
export type BinaryHandlerResult = BinaryBody | BinaryProxyResult
