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

/** The default mode: the bytes, read from a stream if need be, as a base64 proxy response. */
const bufferedResponse = (
  found: BinaryResult,
  request: HttpRequest,
  options: ResolvedOptions,
  deadline: ReadDeadline | undefined,
): EncodedBinaryResponse | Promise<EncodedBinaryResponse> => {
  const limit = bufferedLimit(request.gateway, options.maxResponseSize)
  const encode = (bytes: Buffer) =>
    andThen(contentTypeOf(found, bytes, options), (contentType) => {
      const draft = draftResponse(found.proxy, bytes)
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
  const draft = draftResponse(found.proxy, stream)
  labelRepresentation(draft, contentType, options.noSniff)
  return streamingResponse(draft, request)
}

/**
 * Turns a handler's bytes into the base64 proxy response that API Gateway (REST and HTTP APIs), Lambda
 * Function URLs and ALBs deliver to the client as bytes, when the request accepts them. Options are
 * validated here, once.
 */
export const binaryResponse = (opts: BinaryResponseOptions = {}): MiddlewareObj => {
  const options = binaryResponseValidateOptions(opts)

  const encodeBinaryResult = (request: Request, found: BinaryResult): Promise<void> | undefined => {
    const http = readHttpRequest(request.event)
    if (http === undefined) return undefined
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
      : bufferedResponse(found, http, options, deadline)
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

  return { after: binaryResponseMiddlewareAfter }
}
