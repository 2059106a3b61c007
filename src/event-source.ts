import { isRecord } from './is-record.js'

/**
 * The gateways that invoke a Lambda over HTTP, told apart by what they do with `isBase64Encoded: true`:
 * - `rest-api`: API Gateway REST API (payload 1.0). Decodes only when the request's first Accept media
 *   type matches the API's binaryMediaTypes; otherwise the client receives the base64 text.
 * - `http-api`: API Gateway HTTP API (payload 2.0) and Lambda Function URLs. Always decode.
 * - `alb`: Application Load Balancer. Always decodes; insists on `statusDescription`, and on
 *   `multiValueHeaders` in the response when the target group sends them in the event.
 */
export type HttpEventSource = 'rest-api' | 'http-api' | 'alb'

export interface HttpRequest {
  readonly source: HttpEventSource
  /** True for an ALB event with multi-value headers enabled: the response must use `multiValueHeaders`. */
  readonly multiValueHeaders: boolean
  /** Every Accept value of the request joined by commas; `undefined` when there is none (or only blanks and commas). */
  readonly accept: string | undefined
}

/** The event's gateway, or `undefined` for events that are not HTTP requests (SQS, direct invokes, …). */
export const identifyEventSource = (
  event: Record<string, unknown>,
): HttpEventSource | undefined => {
  const requestContext = isRecord(event.requestContext) ? event.requestContext : undefined
  if (isRecord(requestContext?.elb)) return 'alb'
  if (event.version === '2.0' && isRecord(requestContext?.http)) return 'http-api'
  // Payload 1.0: a REST API, or an HTTP API configured for 1.0; the stricter REST rule is the safe one.
  if (typeof event.httpMethod === 'string') return 'rest-api'
  return undefined
}

/**
 * Collects the string values of a header from a `headers` or `multiValueHeaders` object, whatever the case
 * of its name (REST APIs pass names as the client sent them). Values of the wrong type are skipped.
 */
export const collectHeaderValues = (
  headers: unknown,
  lowerCaseName: string,
  into: string[],
): void => {
  if (!isRecord(headers)) return
  for (const key of Object.keys(headers)) {
    // Stryker disable next-line ConditionalExpression: the length test is a fast path before lowercasing.
    if (key.length !== lowerCaseName.length || key.toLowerCase() !== lowerCaseName) continue
    const value = headers[key]
    if (typeof value === 'string') into.push(value)
    else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string') into.push(item)
    }
  }
}

// A value of blanks and commas only: a list whose every element is empty, which RFC 9110 §5.6.1 says to
// ignore. Such values (`''`, `' '`, ALB's `['', ' ']`) are no Accept at all.
const EMPTY_LIST = /^[\s,]*$/

/**
 * The request's Accept header. REST API events carry it twice (`headers` holds the last value,
 * `multiValueHeaders` all of them) and either may be null; ALB events carry one of the two. Values from
 * `multiValueHeaders` come first, in the order sent, then any from `headers` not already seen.
 */
export const readAccept = (event: Record<string, unknown>): string | undefined => {
  const values: string[] = []
  collectHeaderValues(event.multiValueHeaders, 'accept', values)
  collectHeaderValues(event.headers, 'accept', values)
  const accept = [...new Set(values)].filter((value) => !EMPTY_LIST.test(value)).join(',')
  return accept === '' ? undefined : accept
}

export const readHttpRequest = (event: unknown): HttpRequest | undefined => {
  if (!isRecord(event)) return undefined
  const source = identifyEventSource(event)
  if (source === undefined) return undefined
  return {
    source,
    multiValueHeaders: source === 'alb' && isRecord(event.multiValueHeaders),
    accept: readAccept(event),
  }
}
