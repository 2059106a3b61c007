import { STATUS_CODES } from 'node:http'
import { createError } from '@middy/util'
import type { HttpRequest } from './event-source.js'
import { pkg } from './options.js'
import {
  type MultiValueHeaders,
  responseHeaderValues,
  type SingleValueHeaders,
  varyWithAccept,
  writeResponseHeaders,
} from './response-headers.js'

/** Lambda's limit on a synchronous response: the JSON-serialized result, envelope and base64 body. */
export const LAMBDA_RESPONSE_LIMIT = 6_291_556
/** An ALB accepts a response JSON of at most 1 MB from a Lambda target. */
export const ALB_RESPONSE_LIMIT = 1_048_576

/** What the middleware leaves in `request.response` once it has encoded the bytes. */
export interface EncodedBinaryResponse {
  statusCode: number
  /** Set for ALB events, which require it (e.g. `"200 OK"`). */
  statusDescription?: string
  headers?: SingleValueHeaders
  multiValueHeaders?: MultiValueHeaders
  body: string
  isBase64Encoded: true
  /** Every other field of the handler's result (`cookies`, …), kept as it was. */
  [field: string]: unknown
}

export interface EncodeSettings {
  readonly contentType: string
  readonly noSniff: boolean
  readonly maxResponseSize: number | undefined
}

/** Length of the base64 text of n bytes: 4 characters for every 3 bytes or part of them, padding included. */
export const base64Length = (byteLength: number): number => 4 * Math.ceil(byteLength / 3)

const responseLimit = (request: HttpRequest, settings: EncodeSettings): number =>
  settings.maxResponseSize ??
  (request.source === 'alb' ? ALB_RESPONSE_LIMIT : LAMBDA_RESPONSE_LIMIT)

const formatBytes = (n: number): string => n.toLocaleString('en-US')

/**
 * The size of the response once the Lambda runtime serializes it, without serializing the body: base64 is
 * pure ASCII that JSON never escapes, so the body adds exactly its length to the envelope's.
 */
const serializedSize = (envelope: Record<string, unknown>, byteLength: number): number => {
  let json: string
  try {
    json = JSON.stringify(envelope)
  } catch (cause) {
    throw createError(
      500,
      `${pkg}: the response cannot be serialized to JSON: ${(cause as Error).message}`,
      {
        cause: { package: pkg, data: cause },
      },
    )
  }
  return Buffer.byteLength(json) + base64Length(byteLength)
}

/**
 * The proxy response the request's gateway will decode into the bytes: the handler's other fields kept,
 * `statusCode` (200 when absent), the headers in the container the gateway reads, a base64 body and
 * `isBase64Encoded: true`. Throws an HttpError 500 instead of a response the platform would reject for
 * its size.
 */
export const encodeResponse = (
  proxy: Readonly<Record<string, unknown>>,
  bytes: Buffer,
  request: HttpRequest,
  settings: EncodeSettings,
): EncodedBinaryResponse => {
  const { headers: _h, multiValueHeaders: _m, body: _b, isBase64Encoded: _i, ...fields } = proxy
  // A proxy result without a statusCode is a 200; any statusCode given is kept as given.
  const statusCode = (proxy.statusCode ?? 200) as number
  const set: Record<string, string> = {
    'Content-Type': settings.contentType,
    Vary: varyWithAccept(responseHeaderValues(proxy, 'vary')),
  }
  if (settings.noSniff && responseHeaderValues(proxy, 'x-content-type-options').length === 0) {
    set['X-Content-Type-Options'] = 'nosniff'
  }
  const envelope: EncodedBinaryResponse = {
    ...fields,
    statusCode,
    ...writeResponseHeaders(
      proxy,
      request.multiValueHeaders ? 'multiValueHeaders' : 'headers',
      set,
    ),
    body: '',
    isBase64Encoded: true,
  }
  if (request.source === 'alb' && typeof envelope.statusDescription !== 'string') {
    envelope.statusDescription = `${statusCode} ${STATUS_CODES[statusCode] ?? ''}`.trimEnd()
  }

  const size = serializedSize(envelope, bytes.byteLength)
  const limit = responseLimit(request, settings)
  if (size > limit) {
    throw createError(
      500,
      `${pkg}: the response would be ${formatBytes(size)} bytes once serialized (${formatBytes(bytes.byteLength)} bytes of binary body as base64), over the ${formatBytes(limit)}-byte limit${settings.maxResponseSize === undefined ? ` of ${request.source === 'alb' ? 'an ALB' : 'a Lambda'} response` : ''}. Stream it with Lambda response streaming, or return a redirect to a presigned S3 URL instead.`,
      { cause: { package: pkg, data: { size, limit } } },
    )
  }
  envelope.body = bytes.toString('base64')
  return envelope
}
