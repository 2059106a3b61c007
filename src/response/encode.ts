/**
 * The last step: the draft in the gateway's envelope, with the body as base64 (buffered) or as the raw
 * stream (Lambda response streaming).
 */
import type { Readable } from 'node:stream'
import { encodedTooLarge, unserializableResponse } from '../errors.js'
import type { EdgeResponseEnvelope, HttpRequest, ResponseEnvelope } from '../gateways/index.js'
import { base64Length, type ResponseLimit } from '../limits.js'
import type { DraftResponse } from './draft.js'
import { jsonSizeBound } from './json-size.js'

/** What the middleware leaves in `request.response` once it has encoded the bytes (every proxy gateway). */
export interface EncodedBinaryResponse extends ResponseEnvelope {
  body: string
  isBase64Encoded: true
}

/** What the middleware leaves in `request.response` once it has encoded the bytes for Lambda@Edge. */
export interface EncodedEdgeResponse extends EdgeResponseEnvelope {
  body: string
  bodyEncoding: 'base64'
}

/** What the middleware leaves in `request.response` in streaming mode: Middy pipes the body to the client. */
export interface StreamingBinaryResponse extends ResponseEnvelope {
  body: Readable
}

type Encoded = EncodedBinaryResponse | EncodedEdgeResponse

/** The draft in the gateway's envelope, with the body still empty and marked as the gateway reads it. */
const envelopeOf = (draft: DraftResponse<unknown>, request: HttpRequest): Encoded => {
  const { gateway } = request
  return {
    ...gateway.writeEnvelope(draft, request.event),
    body: '',
    ...gateway.base64Marker,
  } as Encoded
}

/** The JSON size of an envelope whose body is still empty. */
const emptySize = (envelope: Encoded): number => {
  let json: string
  try {
    json = JSON.stringify(envelope)
  } catch (cause) {
    throw unserializableResponse(cause)
  }
  return Buffer.byteLength(json)
}

/**
 * The size of the draft's response once the Lambda runtime serializes it with an empty body. The body adds
 * exactly its base64 length: base64 is pure ASCII that JSON never escapes. No body is ever serialized to
 * measure it.
 */
export const envelopeSize = (draft: DraftResponse<unknown>, request: HttpRequest): number =>
  emptySize(envelopeOf(draft, request))

const checkSize = (envelope: Encoded, byteLength: number, limit: ResponseLimit): void => {
  const body = base64Length(byteLength)
  // Most responses are far under their limit, which a bound on the envelope's JSON settles without
  // serializing it; only a response the bound cannot clear is measured.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: a fast path; the exact measure gives a response the bound clears the same answer.
  if (jsonSizeBound(envelope) + body <= limit.bytes) return
  const size = emptySize(envelope) + body
  if (size > limit.bytes) throw encodedTooLarge(limit, size, byteLength)
}

/**
 * Throws the HttpError 500 that `encodeResponse` would throw for this draft: a HEAD answers with the
 * status its GET would get, though it sends no body.
 */
export const checkFits = (
  draft: DraftResponse<Buffer>,
  request: HttpRequest,
  limit: ResponseLimit,
): void => checkSize(envelopeOf(draft, request), draft.body.byteLength, limit)

/**
 * The response the request's gateway will decode into the bytes: a base64 body, marked as the gateway reads
 * it (`isBase64Encoded: true`, or Lambda@Edge's `bodyEncoding: 'base64'`). Throws an HttpError 500 instead
 * of a response the platform would reject for its size; the bytes are encoded only once they are known to
 * fit. The size is that of the whole response JSON, envelope and base64 body: what Lambda measures, and
 * never less than what CloudFront counts of a Lambda@Edge response (its headers and body).
 */
export const encodeResponse = (
  draft: DraftResponse<Buffer>,
  request: HttpRequest,
  limit: ResponseLimit,
): Encoded => {
  const envelope = envelopeOf(draft, request)
  const bytes = draft.body
  checkSize(envelope, bytes.byteLength, limit)
  // A 304 and a HEAD response have no body: nothing to encode.
  if (bytes.byteLength > 0) envelope.body = bytes.toString('base64')
  return envelope
}

/**
 * The response Middy's streaming execution mode sends: the metadata as the stream's prelude, then the raw
 * bytes, with no base64 and no `isBase64Encoded`.
 */
export const streamingResponse = (
  draft: DraftResponse<Readable>,
  request: HttpRequest,
): StreamingBinaryResponse => ({
  // Only gateways that stream get here (Lambda@Edge does not), and they write the proxy envelope.
  ...(request.gateway.writeEnvelope(draft, request.event) as ResponseEnvelope),
  body: draft.body,
})
