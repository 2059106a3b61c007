import { STATUS_CODES } from 'node:http'
import type { Readable } from 'node:stream'
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
/** Lambda response streaming sends at most 200 MB of body. */
export const STREAMING_RESPONSE_LIMIT = 209_715_200

/** The response fields the middleware writes, whatever it does with the body. */
interface ResponseEnvelope {
  statusCode: number
  /** Set for ALB events, which require it (e.g. `"200 OK"`). */
  statusDescription?: string
  headers?: SingleValueHeaders
  multiValueHeaders?: MultiValueHeaders
  /** Every other field of the handler's result (`cookies`, …), kept as it was. */
  [field: string]: unknown
}

/** What the middleware leaves in `request.response` once it has encoded the bytes. */
export interface EncodedBinaryResponse extends ResponseEnvelope {
  body: string
  isBase64Encoded: true
}

/** What the middleware leaves in `request.response` in streaming mode: Middy pipes the body to the client. */
export interface StreamingBinaryResponse extends ResponseEnvelope {
  body: Readable
}

export interface ResponseSettings {
  readonly contentType: string
  readonly noSniff: boolean
  readonly maxResponseSize: number | undefined
}

/** Length of the base64 text of n bytes: 4 characters for every 3 bytes or part of them, padding included. */
export const base64Length = (byteLength: number): number => 4 * Math.ceil(byteLength / 3)

/** The most bytes whose base64 text alone fits in a response of `limit` bytes: an upper bound for reading. */
export const largestEncodableBody = (limit: number): number => Math.floor(limit / 4) * 3

export const responseLimit = (request: HttpRequest, maxResponseSize: number | undefined): number =>
  maxResponseSize ?? (request.source === 'alb' ? ALB_RESPONSE_LIMIT : LAMBDA_RESPONSE_LIMIT)

export const formatBytes = (n: number): string => n.toLocaleString('en-US')

/** How the limit is named in the error: the platform's, unless the user set their own. */
export const limitName = (request: HttpRequest, maxResponseSize: number | undefined): string =>
  maxResponseSize !== undefined
    ? ''
    : request.source === 'alb'
      ? ' of an ALB response'
      : ' of a Lambda response'

/**
 * The HttpError 500 for a response the platform would refuse: it names the size, the limit and what to do
 * instead. `expose` stays false (a 5xx), so clients see a plain 500.
 */
export const responseTooLarge = (
  what: string,
  limit: number,
  name: string,
  data: Record<string, number>,
) =>
  createError(
    500,
    `${pkg}: ${what}, over the ${formatBytes(limit)}-byte limit${name}. Stream it with Lambda response streaming, or return a redirect to a presigned S3 URL instead.`,
    { cause: { package: pkg, data: { ...data, limit } } },
  )

/**
 * The handler's other fields, `statusCode` (200 when absent), an ALB's `statusDescription`, and the headers
 * in the container the request's gateway reads, with Content-Type, Vary and X-Content-Type-Options set.
 */
const shapeResponse = (
  proxy: Readonly<Record<string, unknown>>,
  request: HttpRequest,
  settings: ResponseSettings,
): ResponseEnvelope => {
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
  const envelope: ResponseEnvelope = {
    ...fields,
    statusCode,
    ...writeResponseHeaders(
      proxy,
      request.multiValueHeaders ? 'multiValueHeaders' : 'headers',
      set,
    ),
  }
  if (request.source === 'alb' && typeof envelope.statusDescription !== 'string') {
    envelope.statusDescription = `${statusCode} ${STATUS_CODES[statusCode] ?? ''}`.trimEnd()
  }
  return envelope
}

/**
 * The size of the response once the Lambda runtime serializes it, without serializing the body: base64 is
 * pure ASCII that JSON never escapes, so the body adds exactly its length to the envelope's.
 */
const serializedSize = (envelope: EncodedBinaryResponse, byteLength: number): number => {
  let json: string
  try {
    json = JSON.stringify(envelope)
  } catch (cause) {
    throw createError(
      500,
      `${pkg}: the response cannot be serialized to JSON: ${(cause as Error).message}`,
      { cause: { package: pkg, data: cause } },
    )
  }
  return Buffer.byteLength(json) + base64Length(byteLength)
}

/**
 * The proxy response the request's gateway will decode into the bytes: a base64 body and
 * `isBase64Encoded: true`. Throws an HttpError 500 instead of a response the platform would reject for
 * its size; the bytes are encoded only once they are known to fit.
 */
export const encodeResponse = (
  proxy: Readonly<Record<string, unknown>>,
  bytes: Buffer,
  request: HttpRequest,
  settings: ResponseSettings,
): EncodedBinaryResponse => {
  const envelope: EncodedBinaryResponse = {
    ...shapeResponse(proxy, request, settings),
    body: '',
    isBase64Encoded: true,
  }
  const size = serializedSize(envelope, bytes.byteLength)
  const limit = responseLimit(request, settings.maxResponseSize)
  if (size > limit) {
    throw responseTooLarge(
      `the response would be ${formatBytes(size)} bytes once serialized (${formatBytes(bytes.byteLength)} bytes of binary body as base64)`,
      limit,
      limitName(request, settings.maxResponseSize),
      { size },
    )
  }
  envelope.body = bytes.toString('base64')
  return envelope
}

/**
 * The response Middy's streaming execution mode sends: the metadata as the stream's prelude, then the raw
 * bytes, with no base64 and no `isBase64Encoded`.
 */
export const streamingResponse = (
  proxy: Readonly<Record<string, unknown>>,
  body: Readable,
  request: HttpRequest,
  settings: ResponseSettings,
): StreamingBinaryResponse => ({ ...shapeResponse(proxy, request, settings), body })
