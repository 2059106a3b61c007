/**
 * What the middleware must know of a gateway that invokes a Lambda over HTTP, as one plain record: how to
 * recognise its events, how to read a request header from them, what it does with a base64 body, how large
 * a response it takes, and the shape of the response it reads (how it marks a base64 body included).
 */
import type { DecodingRule } from '../accept.js'
import { headerValuesIn, type MultiValueHeaders, type SingleValueHeaders } from '../headers.js'
import { isRecord } from '../is-record.js'
import type { GatewayLimit } from '../limits.js'
import type { DraftResponse } from '../response/draft.js'

/** A Lambda event, once known to be an object. */
export type LambdaEvent = Readonly<Record<string, unknown>>

/** The fields a proxy gateway reads besides the body: status, headers and the handler's other fields. */
export interface ResponseEnvelope {
  statusCode: number
  /** Set for ALB events, which require it (e.g. `"200 OK"`). */
  statusDescription?: string
  headers?: SingleValueHeaders
  multiValueHeaders?: MultiValueHeaders
  /** Every other field of the handler's result (`cookies`, …), kept as it was. */
  [field: string]: unknown
}

/** A header of a Lambda@Edge response: its name as sent, and one value. */
export interface EdgeHeaderEntry {
  key?: string
  value: string
}

/** The headers of a Lambda@Edge response: under each lowercase name, one entry per value. */
export type EdgeHeaders = Record<string, EdgeHeaderEntry[]>

/**
 * The fields CloudFront reads from a response a Lambda@Edge function generates besides the body: the status
 * as a string (`'200'`), its description and the headers in CloudFront's own shape.
 */
export interface EdgeResponseEnvelope {
  status: string
  statusDescription?: string
  headers: EdgeHeaders
  /** Every other field of the handler's result, kept as it was. */
  [field: string]: unknown
}

/** How a gateway is told that a response's body is base64, to be decoded into the bytes. */
export type Base64Marker = { readonly isBase64Encoded: true } | { readonly bodyEncoding: 'base64' }

export interface Gateway<Source extends string = string> {
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
  /**
   * The largest buffered response to this event, or `undefined` when its response cannot carry a body the
   * middleware writes (a Lambda@Edge viewer-response trigger): the result is then left untouched.
   */
  readonly responseLimit: (event: LambdaEvent) => GatewayLimit | undefined
  /**
   * Whether it can be answered in Middy's streaming mode (`streaming: true`). When it cannot (Lambda@Edge,
   * which CloudFront invokes synchronously), a result is left untouched in that mode.
   */
  readonly streams: boolean
  /** The fields that tell it the body is base64: `isBase64Encoded: true`, or `bodyEncoding: 'base64'`. */
  readonly base64Marker: Base64Marker
  /**
   * For a gateway whose own response shape a handler may also return (Lambda@Edge's `status`): the
   * handler's proxy result in the proxy shape the draft is made from. Absent: the result is read as it is.
   */
  readonly resultAsProxy?: (proxy: Readonly<Record<string, unknown>>) => Record<string, unknown>
  /**
   * For a gateway that does not read the proxy shape: a response another middleware wrote in that shape
   * (`@middy/http-error-handler`'s `{ statusCode, headers, body }`), rewritten in the gateway's own shape;
   * `undefined` leaves the response as it is.
   */
  readonly rewriteProxyResponse?: (response: unknown) => EdgeResponseEnvelope | undefined
  /** The draft's status, headers and other fields in the shape this gateway reads from a response. */
  readonly writeEnvelope: (
    draft: DraftResponse<unknown>,
    event: LambdaEvent,
  ) => ResponseEnvelope | EdgeResponseEnvelope
}

/** A gateway's limit that is the same for every event. */
export const fixedLimit =
  (bytes: number, name: string): ((event: LambdaEvent) => GatewayLimit) =>
  () => ({ bytes, name })

/** The marker of the proxy integrations (API Gateway, Function URLs, ALB, VPC Lattice). */
export const IS_BASE64_ENCODED = Object.freeze({ isBase64Encoded: true }) satisfies Base64Marker

/**
 * Request headers of a payload 1.0 or ALB event: `multiValueHeaders` (every value, in the order sent), then
 * `headers` (the last value of each; either container may be null or absent).
 */
export const proxyRequestHeaderValues = (event: LambdaEvent, lowerCaseName: string): string[] =>
  headerValuesIn([event.multiValueHeaders, event.headers], lowerCaseName)

/** Request headers of an event with one `headers` container (VPC Lattice: lists in v2, strings in v1). */
export const headersValues = (event: LambdaEvent, lowerCaseName: string): string[] =>
  headerValuesIn([event.headers], lowerCaseName)

/** A string field of an event, or `undefined`. */
const stringField = (record: LambdaEvent | undefined, field: string): string | undefined => {
  const value = record?.[field]
  return typeof value === 'string' ? value : undefined
}

/** The method of a payload 1.0 or ALB event: `httpMethod`. */
export const httpMethodOf = (event: LambdaEvent): string | undefined =>
  stringField(event, 'httpMethod')

/** The method of a VPC Lattice event or a CloudFront request: `method`. */
export const methodOf = (record: LambdaEvent | undefined): string | undefined =>
  stringField(record, 'method')

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
