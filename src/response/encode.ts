/**
 * The last step: the draft in the gateway's envelope, with the body as base64 (buffered) or as the raw
 * stream (Lambda response streaming).
 */
import type { Readable } from 'node:stream'
import { unserializableResponse } from '../errors.js'
import type { HttpRequest, ResponseEnvelope } from '../gateways/index.js'
import { base64Length, encodedTooLarge, type ResponseLimit } from '../limits.js'
import type { DraftResponse } from './draft.js'

/** What the middleware leaves in `request.response` once it has encoded the bytes. */
export interface EncodedBinaryResponse extends ResponseEnvelope {
  body: string
  isBase64Encoded: true
}

/** What the middleware leaves in `request.response` in streaming mode: Middy pipes the body to the client. */
export interface StreamingBinaryResponse extends ResponseEnvelope {
  body: Readable
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
    throw unserializableResponse(cause)
  }
  return Buffer.byteLength(json) + base64Length(byteLength)
}

/**
 * The response the request's gateway will decode into the bytes: a base64 body and `isBase64Encoded: true`.
 * Throws an HttpError 500 instead of a response the platform would reject for its size; the bytes are
 * encoded only once they are known to fit.
 */
export const encodeResponse = (
  draft: DraftResponse<Buffer>,
  request: HttpRequest,
  limit: ResponseLimit,
): EncodedBinaryResponse => {
  const envelope: EncodedBinaryResponse = {
    ...request.gateway.writeEnvelope(draft, request.event),
    body: '',
    isBase64Encoded: true,
  }
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
  ...request.gateway.writeEnvelope(draft, request.event),
  body: draft.body,
})
