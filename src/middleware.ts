import { Readable } from 'node:stream'
import type { MiddlewareObj, Request } from '@middy/core'
import { acceptsUnder, type DecodingRule } from './accept.js'
import { type BinaryResult, findBinaryResult, viewBytes } from './binary-body.js'
import { detectContentType } from './content-type.js'
import { type ReadDeadline, readDeadline } from './deadline.js'
import { detachedBuffer, notAcceptable } from './errors.js'
import { type Gateway, type HttpRequest, readHttpRequest } from './gateways/index.js'
import {
  bodyTooLarge,
  bufferedLimit,
  type GatewayLimit,
  largestEncodableBody,
  type ResponseLimit,
  streamingLimit,
  streamTooLarge,
} from './limits.js'
import {
  type BinaryResponseOptions,
  binaryResponseValidateOptions,
  type ResolvedOptions,
} from './options.js'
import { draftResponse } from './response/draft.js'
import {
  type EncodedBinaryResponse,
  type EncodedEdgeResponse,
  encodeResponse,
  type StreamingBinaryResponse,
  streamingResponse,
} from './response/encode.js'
import { labelRepresentation } from './response/representation.js'
import {
  cancelStreamBody,
  isStreamBody,
  peekStreamBody,
  readStreamBody,
  type StreamBody,
} from './stream-body.js'

/** In streaming mode the type is sniffed from the first bytes only; file-type needs about this many. */
const STREAMING_SAMPLE_SIZE = 4100

/** Applies `next` to a value now, or to a promised one once it settles: nothing is awaited that need not be. */
const andThen = <T, U>(
  value: T | Promise<T>,
  next: (value: T) => U | Promise<U>,
): U | Promise<U> => (value instanceof Promise ? value.then(next) : next(value))

/** The Accept rule for a request from `gateway`: the configured one, or under `'auto'` the gateway's own. */
export const acceptRuleFor = (gateway: Gateway, options: ResolvedOptions): DecodingRule =>
  options.acceptRule === 'auto'
    ? gateway.acceptRule[options.streaming ? 'streaming' : 'buffered']
    : options.acceptRule

/**
 * Whether the middleware writes the response to this request: a gateway that cannot be answered in
 * streaming mode, or an event whose response cannot carry a body (a Lambda@Edge viewer-response trigger),
 * leaves the result untouched.
 */
const writesResponse = (request: HttpRequest, options: ResolvedOptions): boolean =>
  options.streaming ? request.gateway.streams : request.bodyLimit !== undefined

/** The handler's proxy result as the draft reads it: in the proxy shape, whatever its gateway's own. */
const proxyOf = (
  found: BinaryResult,
  request: HttpRequest,
): Readonly<Record<string, unknown>> | undefined =>
  found.proxy === undefined
    ? undefined
    : (request.gateway.resultAsProxy?.(found.proxy) ?? found.proxy)

/** The Content-Type the result declared, else the one its bytes are sniffed as. */
const contentTypeOf = (
  found: BinaryResult,
  sample: Buffer,
  options: ResolvedOptions,
): string | Promise<string> =>
  found.declared.contentType ?? detectContentType(sample, options.fallbackContentType)

/** Refuses, before a byte is read and releasing the stream, a body that declares more than `bound` bytes. */
const refuseDeclaredOver = (
  body: StreamBody,
  declaredLength: number | undefined,
  bound: number,
  refusal: (length: number) => Error,
): void => {
  if (declaredLength === undefined || declaredLength <= bound) return
  cancelStreamBody(body)
  throw refusal(declaredLength)
}

/** A stream body read into memory, stopping as soon as it passes what a response of `limit` can carry. */
const readBody = (
  body: StreamBody,
  found: BinaryResult,
  limit: ResponseLimit,
  deadline: ReadDeadline | undefined,
): Promise<Buffer> => {
  const bound = largestEncodableBody(limit.bytes)
  const { contentLength } = found.declared
  refuseDeclaredOver(body, contentLength, bound, (length) =>
    bodyTooLarge(limit, length, 'declares'),
  )
  return readStreamBody(
    body,
    bound,
    contentLength,
    (bytes) => bodyTooLarge(limit, bytes, 'passed'),
    deadline,
  )
}

type EncodedResponse = EncodedBinaryResponse | EncodedEdgeResponse

/** The default mode: the bytes, read from a stream if need be, as a base64 response. */
const bufferedResponse = (
  found: BinaryResult,
  request: HttpRequest,
  gatewayLimit: GatewayLimit,
  options: ResolvedOptions,
  deadline: ReadDeadline | undefined,
): EncodedResponse | Promise<EncodedResponse> => {
  const limit = bufferedLimit(gatewayLimit, options.maxResponseSize)
  const encode = (bytes: Buffer) =>
    andThen(contentTypeOf(found, bytes, options), (contentType) => {
      const draft = draftResponse(proxyOf(found, request), bytes)
      labelRepresentation(draft, contentType, options.noSniff)
      return encodeResponse(draft, request, limit)
    })
  const { body } = found
  if (isStreamBody(body)) return readBody(body, found, limit, deadline).then(encode)
  const bytes = viewBytes(body)
  if (bytes === undefined) throw detachedBuffer()
  return encode(bytes)
}

/** Streaming mode: the raw bytes as a stream, typed from their first bytes; nothing is buffered. */
const streamedResponse = async (
  found: BinaryResult,
  request: HttpRequest,
  options: ResolvedOptions,
  deadline: ReadDeadline | undefined,
): Promise<StreamingBinaryResponse> => {
  const limit = streamingLimit(options.maxResponseSize)
  const refuse = (length: number) => streamTooLarge(limit, length)
  const { body } = found
  let sample: Buffer
  let stream: Readable
  if (isStreamBody(body)) {
    refuseDeclaredOver(body, found.declared.contentLength, limit.bytes, refuse)
    ;({ sample, stream } = await peekStreamBody(body, STREAMING_SAMPLE_SIZE, deadline))
  } else {
    const bytes = viewBytes(body)
    if (bytes === undefined) throw detachedBuffer()
    if (bytes.byteLength > limit.bytes) throw refuse(bytes.byteLength)
    sample = bytes.subarray(0, STREAMING_SAMPLE_SIZE)
    stream = Readable.from([bytes], { objectMode: false })
  }
  const contentType = await contentTypeOf(found, sample, options)
  const draft = draftResponse(proxyOf(found, request), stream)
  labelRepresentation(draft, contentType, options.noSniff)
  return streamingResponse(draft, request)
}

/**
 * Turns a handler's bytes into the base64 response that API Gateway (REST and HTTP APIs), Lambda Function
 * URLs, ALBs, VPC Lattice and CloudFront (Lambda@Edge) deliver to the client as bytes, when the request
 * accepts them. Options are validated here, once.
 */
export const binaryResponse = (opts: BinaryResponseOptions = {}): MiddlewareObj => {
  const options = binaryResponseValidateOptions(opts)

  const encodeBinaryResult = (request: Request, found: BinaryResult): Promise<void> | undefined => {
    const http = readHttpRequest(request.event)
    if (http === undefined || !writesResponse(http, options)) return undefined
    const rule = acceptRuleFor(http.gateway, options)
    if (!acceptsUnder(rule, http.accept, options.mediaTypes)) {
      if (!options.failOnMismatch) return undefined
      // Decided before a byte is read: a stream nobody will send is released now.
      if (isStreamBody(found.body)) cancelStreamBody(found.body)
      throw notAcceptable({
        binaryMediaTypes: options.binaryMediaTypes,
        source: http.gateway.source,
        rule,
        accept: http.accept,
      })
    }
    // Reading a stream is bounded by the time the invocation has left (Middy's early timeout stops at the
    // handler); bytes already in hand need no deadline.
    const deadline = isStreamBody(found.body)
      ? readDeadline(request.context, options.streamTimeoutEarlyInMillis)
      : undefined
    const response = options.streaming
      ? streamedResponse(found, http, options, deadline)
      : bufferedResponse(found, http, http.bodyLimit as GatewayLimit, options, deadline)
    if (!(response instanceof Promise)) {
      request.response = response
      return undefined
    }
    return response.then((encoded) => {
      request.response = encoded
    })
  }

  // Middy awaits a hook only when it returns a promise: a result that is not bytes (every JSON response),
  // or bytes whose type is declared, costs no await at all.
  const binaryResponseMiddlewareAfter = (request: Request): Promise<void> | undefined => {
    const found = findBinaryResult(request.response)
    return found === undefined ? undefined : encodeBinaryResult(request, found)
  }

  /**
   * Runs after the error handler's onError when the error handler is used after this middleware (as it
   * should be: last): on a gateway that does not read the proxy shape (Lambda@Edge), the response it wrote
   * (`{ statusCode, headers, body }`: a 406, a 500) is rewritten in the gateway's shape, so that CloudFront
   * sends it instead of failing its validation. Every other response is left as it is.
   */
  const binaryResponseMiddlewareOnError = (request: Request): undefined => {
    const http = readHttpRequest(request.event)
    if (http === undefined || !writesResponse(http, options)) return undefined
    const rewritten = http.gateway.rewriteProxyResponse?.(request.response)
    if (rewritten !== undefined) request.response = rewritten
    return undefined
  }

  return { after: binaryResponseMiddlewareAfter, onError: binaryResponseMiddlewareOnError }
}
