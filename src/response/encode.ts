/**
 * The last step: the draft in the gateway's envelope, with the body as base64 (buffered) or as the raw
 * stream (Lambda response streaming).
 */
import type { Readable } from 'node:stream'
import { unserializableResponse } from '../errors.js'
import type { EdgeResponseEnvelope, HttpRequest, ResponseEnvelope } from '../gateways/index.js'
import { base64Length, encodedTooLarge, type ResponseLimit } from '../limits.js'
import type { DraftResponse } from './draft.js'

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

/**
 * The size of the response once the Lambda runtime serializes it, without serializing the body: base64 is
 * pure ASCII that JSON never escapes, so the body adds exactly its length to the envelope's.
 */
const serializedSize = (envelope: object, byteLength: number): number => {
  let json: string
  try {
    json = JSON.stringify(envelope)
  } catch (cause) {
    throw unserializableResponse(cause)
  }
  return Buffer.byteLength(json) + base64Length(byteLength)
}

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
): EncodedBinaryResponse | EncodedEdgeResponse => {
  const { gateway } = request
  const envelope = {
    ...gateway.writeEnvelope(draft, request.event),
    body: '',
    ...gateway.base64Marker,
  } as EncodedBinaryResponse | EncodedEdgeResponse
  const bytes = draft.body
  const size = serializedSize(envelope, bytes.byteLength)
  if (size > limit.bytes) throw encodedTooLarge(limit, size, bytes.byteLength)
  envelope.body = bytes.toString('base64')
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
