/**
 * What the middleware must know of a gateway that invokes a Lambda over HTTP, as one plain record: how to
 * recognise its events, how to read a request header from them, what it does with a base64 body, how large
 * a response it takes, and the shape of the response it reads.
 */
import type { DecodingRule } from '../accept.js'
import { headerValuesIn, type MultiValueHeaders, type SingleValueHeaders } from '../headers.js'
import { isRecord } from '../is-record.js'
import type { GatewayLimit } from '../limits.js'
import type { DraftResponse } from '../response/draft.js'

/** A Lambda event, once known to be an object. */
export type LambdaEvent = Readonly<Record<string, unknown>>

/** The response fields a gateway reads besides the body: status, headers and the handler's other fields. */
export interface ResponseEnvelope {
  statusCode: number
  /** Set for ALB events, which require it (e.g. `"200 OK"`). */
  statusDescription?: string
  headers?: SingleValueHeaders
  multiValueHeaders?: MultiValueHeaders
  /** Every other field of the handler's result (`cookies`, …), kept as it was. */
  [field: string]: unknown
}

export interface Gateway<Source extends string = string> extends GatewayLimit {
  /** Its name, as `HttpEventSource` spells it. */
  readonly source: Source
  /** Whether the event came from this gateway. Asked in the table's order; the first yes wins. */
  readonly recognises: (event: LambdaEvent) => boolean
  /** The request's method (`GET`, `HEAD`, …) as the event gives it; `undefined` when it gives none. */
  readonly requestMethod: (event: LambdaEvent) => string | undefined
  /** Every string value of a request header, its name in any case, in the order the client sent them. */
  readonly requestHeaderValues: (event: LambdaEvent, lowerCaseName: string) => string[]
  /**
   * The Accept rule that matches what the gateway does with a base64 body, for `acceptRule: 'auto'`:
   * buffered (the response JSON) and with Lambda response streaming (raw bytes, never decoded).
   */
  readonly acceptRule: { readonly buffered: DecodingRule; readonly streaming: DecodingRule }
  /** The draft's status, headers and other fields in the shape this gateway reads from a response. */
  readonly writeEnvelope: (draft: DraftResponse<unknown>, event: LambdaEvent) => ResponseEnvelope
}

/**
 * Request headers of a payload 1.0 or ALB event: `multiValueHeaders` (every value, in the order sent), then
 * `headers` (the last value of each; either container may be null or absent).
 */
export const proxyRequestHeaderValues = (event: LambdaEvent, lowerCaseName: string): string[] =>
  headerValuesIn([event.multiValueHeaders, event.headers], lowerCaseName)

/** The method of a payload 1.0 or ALB event: `httpMethod`. */
export const httpMethodOf = (event: LambdaEvent): string | undefined =>
  typeof event.httpMethod === 'string' ? event.httpMethod : undefined

/** `event.requestContext` when it is an object. */
export const requestContextOf = (event: LambdaEvent): LambdaEvent | undefined =>
  isRecord(event.requestContext) ? event.requestContext : undefined

/**
 * The envelope of the proxy integrations (API Gateway, Function URLs): the handler's other fields, the
 * status, and the headers in the containers the handler used (`headers`, and `multiValueHeaders` when it
 * gave them), with the middleware's own headers in `headers`.
 */
export const proxyEnvelope = (draft: DraftResponse<unknown>): ResponseEnvelope => {
  const envelope: ResponseEnvelope = {
    ...draft.fields,
    statusCode: draft.statusCode,
    headers: draft.headers,
  }
  if (draft.multiValueHeaders !== undefined) envelope.multiValueHeaders = draft.multiValueHeaders
  return envelope
}
