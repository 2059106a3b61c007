/**
 * The gateways, in the order they are asked: the ONE place that knows event sources. Adding a gateway is
 * a module of its own (a `Gateway` record), a row here and a row in the gateway test table.
 */
import { isRecord } from '../is-record.js'
import type { GatewayLimit } from '../limits.js'
import { alb } from './alb.js'
import type { Gateway, LambdaEvent } from './gateway.js'
import { httpApi } from './http-api.js'
import { httpApiV1 } from './http-api-v1.js'
import { lambdaEdge } from './lambda-edge.js'
import { restApi } from './rest-api.js'
import { vpcLattice } from './vpc-lattice.js'
import { vpcLatticeV1 } from './vpc-lattice-v1.js'

/**
 * Most specific first, first match wins: an ALB event also carries `httpMethod`; a VPC Lattice v2 event
 * has the HTTP API's `version: "2.0"` but no `requestContext.http`, so it is asked after it; an HTTP API 1.0
 * event looks like a REST API event plus `version: "1.0"`, and the REST API takes any other `httpMethod`
 * event. Lattice v1 (`raw_path`) and Lambda@Edge (`Records[0].cf`) events share no field with the others.
 */
export const GATEWAYS = [
  alb,
  httpApi,
  vpcLattice,
  httpApiV1,
  restApi,
  vpcLatticeV1,
  lambdaEdge,
] as const

/**
 * The gateways that invoke a Lambda over HTTP, named after what they do with `isBase64Encoded: true`:
 * - `rest-api`: API Gateway REST API (payload 1.0). Decodes only when the request's first Accept media
 *   type matches the API's binaryMediaTypes; otherwise the client receives the base64 text. With response
 *   streaming, the bytes are sent raw.
 * - `http-api-v1`: API Gateway HTTP API with payload format 1.0. Always decodes.
 * - `http-api`: API Gateway HTTP API (payload 2.0) and Lambda Function URLs. Always decode.
 * - `alb`: Application Load Balancer. Always decodes; insists on `statusDescription`, and on
 *   `multiValueHeaders` in the response when the target group sends them in the event.
 * - `vpc-lattice`: Amazon VPC Lattice, Lambda target with event structure version 2. Always decodes.
 * - `vpc-lattice-v1`: the same with event structure version 1 (snake_case fields). Always decodes.
 * - `lambda-edge`: Lambda@Edge (CloudFront). Decodes `bodyEncoding: 'base64'` whatever Accept says; reads
 *   `status`, `statusDescription` and headers as lists of `{ key, value }`. A viewer-request response
 *   carries at most 40 KB, an origin-request or origin-response one 1 MB; a viewer-response result is left
 *   untouched, and so is every Lambda@Edge result in `streaming` mode.
 */
export type HttpEventSource = (typeof GATEWAYS)[number]['source']

/** An HTTP request as the middleware needs it: which gateway sent it, the event, its method and its Accept. */
export interface HttpRequest {
  readonly gateway: Gateway<HttpEventSource>
  readonly event: LambdaEvent
  /** `GET`, `HEAD`, … as the gateway gives it; `undefined` when the event names none. */
  readonly method: string | undefined
  /** Every Accept value of the request joined by commas; `undefined` when there is none (or only blanks and commas). */
  readonly accept: string | undefined
  /**
   * The gateway's limit on a buffered response to this request; `undefined` when the response cannot carry
   * a body the middleware writes (a Lambda@Edge viewer-response trigger).
   */
  readonly bodyLimit: GatewayLimit | undefined
}

/** The event's gateway, or `undefined` for events that are not HTTP requests (SQS, direct invokes, …). */
export const identifyGateway = (event: LambdaEvent): Gateway<HttpEventSource> | undefined =>
  GATEWAYS.find((gateway) => gateway.recognises(event))

// A value of blanks and commas only: a list whose every element is empty, which RFC 9110 §5.6.1 says to
// ignore. Such values (`''`, `' '`, ALB's `['', ' ']`) are no Accept at all.
const EMPTY_LIST = /^[\s,]*$/

/**
 * The one distinct value of a header sent once (or, from a REST API, twice alike), as most are: then no set
 * is built to find the distinct values. `undefined` for none, or for several that differ.
 */
const singleValue = (values: readonly string[]): string | undefined => {
  const [first] = values
  // Stryker disable next-line ConditionalExpression: a fast path; for the values it skips, the set built instead gives the same answer.
  return values.length === 1 || (values.length === 2 && values[1] === first) ? first : undefined
}

/**
 * The request's Accept header: its values joined by commas, each distinct value once (a REST API event
 * carries the last one twice, in `headers` and in `multiValueHeaders`).
 */
export const readAccept = (gateway: Gateway, event: LambdaEvent): string | undefined => {
  const values = gateway.requestHeaderValues(event, 'accept')
  const only = singleValue(values)
  if (only !== undefined) return EMPTY_LIST.test(only) ? undefined : only
  const accept = [...new Set(values)].filter((value) => !EMPTY_LIST.test(value)).join(',')
  return accept === '' ? undefined : accept
}

/**
 * A request header as the features read it: its distinct values joined by commas (a REST API event
 * carries the last value twice, in `headers` and in `multiValueHeaders`); `undefined` when it is absent.
 * A header sent twice that allows one value only (Range, If-Range) is then malformed, and ignored.
 */
export const requestHeader = (request: HttpRequest, lowerCaseName: string): string | undefined => {
  const values = request.gateway.requestHeaderValues(request.event, lowerCaseName)
  if (values.length === 0) return undefined
  return singleValue(values) ?? [...new Set(values)].join(', ')
}

/** The HTTP request in an event, or `undefined` when the event is not one. */
export const readHttpRequest = (event: unknown): HttpRequest | undefined => {
  if (!isRecord(event)) return undefined
  const gateway = identifyGateway(event)
  if (gateway === undefined) return undefined
  return {
    gateway,
    event,
    method: gateway.requestMethod(event),
    accept: readAccept(gateway, event),
    bodyLimit: gateway.responseLimit(event),
  }
}

export type {
  EdgeHeaders,
  EdgeResponseEnvelope,
  Gateway,
  LambdaEvent,
  ResponseEnvelope,
} from './gateway.js'
