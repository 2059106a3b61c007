/**
 * The pipeline that turns a recognised binary result into the response its gateway delivers. Imported by
 * the middleware at the first such result, so that a function whose routes return JSON never loads it.
 */
import { Readable } from 'node:stream'
import type { Request } from '@middy/core'
import { acceptsUnder, type DecodingRule } from './accept.js'
import { type FoundResult, viewBytes } from './binary-body.js'
import { detectContentType } from './content-type.js'
import { type ReadDeadline, readDeadline } from './deadline.js'
import { type BinaryResult, declareResult } from './declarations.js'
import {
  bodyTooLarge,
  detachedBuffer,
  notAcceptable,
  rangeNotSatisfiable,
  streamTooLarge,
} from './errors.js'
import { type Gateway, type HttpRequest, readHttpRequest } from './gateways/index.js'
import {
  base64Length,
  bufferedLimit,
  type GatewayLimit,
  largestEncodableBody,
  type ResponseLimit,
  streamingLimit,
} from './limits.js'
import type { ResolvedOptions } from './options.js'
import { isNotModified, notModified } from './response/conditional.js'
import { type DraftResponse, draftResponse } from './response/draft.js'
import {
  checkFits,
  type EncodedBinaryResponse,
  type EncodedEdgeResponse,
  encodeResponse,
  envelopeSize,
  type StreamingBinaryResponse,
  streamingResponse,
} from './response/encode.js'
import { isHead, withoutBody } from './response/head.js'
import {
  advertiseRanges,
  fitPart,
  handlersPart,
  limitPart,
  type Part,
  rangesApply,
  requestedRange,
} from './response/range.js'
import { labelRepresentation } from './response/representation.js'
import { declaredValidators, establishValidators, type Validators } from './response/validators.js'
import {
  cancelStreamBody,
  isStreamBody,
  peekStreamBody,
  readStreamBody,
  readStreamRange,
  type StreamBody,
  sampleStreamBody,
  streamRange,
} from './stream-body.js'

/**
 * In streaming mode, and for a part read from a stream, the type is sniffed from the first bytes only;
 * file-type needs about this many.
 */
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

/** An empty body: what a 304 and a HEAD response carry. */
const EMPTY = Buffer.alloc(0)

/** What is sent of the body: `count` bytes from `offset`, as the draft's 206 says. */
interface Slice {
  readonly part: Part
  /** Where the part begins in the body: its start for a range the middleware answers, 0 for a handler's 206. */
  readonly offset: number
  /** Whether the middleware answers the request's Range (else the handler made the 206 itself). */
  readonly own: boolean
}

/**
 * The part of a body of `length` bytes (`undefined`: not known yet) to send: for a 200 whose ranges apply,
 * what the request's Range asks (advertising `Accept-Ranges` whenever the length is known); for a
 * handler's 206, the part its Content-Range names. `undefined` means the whole body. An unsatisfiable
 * Range throws the 416, after `release` has let go of a stream.
 */
const sliceFor = (
  draft: DraftResponse<unknown>,
  request: HttpRequest,
  validators: Validators,
  options: ResolvedOptions,
  length: number | undefined,
  release: () => void,
): Slice | undefined => {
  if (length !== undefined && rangesApply(draft, options.ranges)) {
    advertiseRanges(draft)
    const range = requestedRange(request, length, validators)
    if (range.kind === 'unsatisfiable') {
      release()
      throw rangeNotSatisfiable(length)
    }
    if (range.kind === 'whole') return undefined
    const part = { start: range.start, count: range.end - range.start + 1, total: length }
    return { part, offset: range.start, own: true }
  }
  const part = handlersPart(draft)
  // A handler's 206 whose body is not the length its Content-Range says is sent as it is.
  if (part === undefined || (length !== undefined && length !== part.count)) return undefined
  return { part, offset: 0, own: false }
}

/**
 * How many bytes of the slice a buffered response sends: the largest leading piece that fits the limit,
 * the 206's Content-Range saying so. A handler's 206 that fits is left exactly as it was.
 */
const bufferedCount = (
  draft: DraftResponse<Buffer>,
  request: HttpRequest,
  limit: ResponseLimit,
  slice: Slice,
): number => {
  const whole = slice.part.count
  if (!slice.own && envelopeSize(draft, request) + base64Length(whole) <= limit.bytes) return whole
  return fitPart(draft, request, limit, slice.part)
}

/**
 * The HTTP features on a buffered draft whose bytes are all in memory, in the order of RFC 9110 §13.2.2:
 * a 304 for a client whose copy is current, else the part a Range asks for (or the 416), the fitting of
 * a handler's own 206, and for a HEAD the empty body; then the encoding.
 */
const answerInMemory = (
  draft: DraftResponse<Buffer>,
  request: HttpRequest,
  limit: ResponseLimit,
  validators: Validators,
  options: ResolvedOptions,
): EncodedResponse => {
  if (draft.statusCode === 200 && isNotModified(request, validators)) {
    notModified(draft, EMPTY)
    return encodeResponse(draft, request, limit)
  }
  const slice = sliceFor(draft, request, validators, options, draft.body.byteLength, () => {})
  if (slice !== undefined) {
    const count = bufferedCount(draft, request, limit, slice)
    draft.body = draft.body.subarray(slice.offset, slice.offset + count)
  }
  if (isHead(request)) {
    checkFits(draft, request, limit)
    withoutBody(draft, draft.body.byteLength, EMPTY)
  }
  return encodeResponse(draft, request, limit)
}

/** Bytes in memory, typed and labelled, through the HTTP features. */
const bytesResponse = (
  found: BinaryResult,
  bytes: Buffer,
  request: HttpRequest,
  options: ResolvedOptions,
  limit: ResponseLimit,
): EncodedResponse | Promise<EncodedResponse> =>
  andThen(contentTypeOf(found, bytes, options), (contentType) => {
    const draft = draftResponse(proxyOf(found, request), bytes)
    labelRepresentation(draft, contentType, options.noSniff)
    const validators = establishValidators(
      draft,
      declaredValidators(found),
      options.etag ? bytes : undefined,
    )
    return answerInMemory(draft, request, limit, validators, options)
  })

/**
 * A part of a stream, read from the slice's offset: the bytes before it are dropped as they come, reading
 * stops at its end, and only the part is kept. The type, when not declared, is sniffed from the stream's
 * first bytes on the way.
 */
const streamPartResponse = async (
  found: BinaryResult,
  body: StreamBody,
  draft: DraftResponse<Buffer>,
  request: HttpRequest,
  options: ResolvedOptions,
  limit: ResponseLimit,
  slice: Slice,
  deadline: ReadDeadline | undefined,
): Promise<EncodedResponse> => {
  const declaredType = found.declared.contentType
  const opened = await sampleStreamBody(
    body,
    declaredType === undefined ? STREAMING_SAMPLE_SIZE : 0,
    deadline,
  )
  const contentType =
    declaredType ?? (await detectContentType(opened.sample, options.fallbackContentType))
  labelRepresentation(draft, contentType, options.noSniff)
  establishValidators(draft, declaredValidators(found), undefined)
  let count: number
  try {
    count = bufferedCount(draft, request, limit, slice)
  } catch (error) {
    opened.reader.stop()
    throw error
  }
  if (isHead(request)) {
    opened.reader.stop()
    withoutBody(draft, count, EMPTY)
  } else {
    draft.body = await readStreamRange(opened, slice.offset, count)
  }
  return encodeResponse(draft, request, limit)
}

/**
 * A stream body in buffered mode. What can be decided before reading is: a 304 when the validators are
 * declared (the stream is released unread), and, when its length is declared, a Range's part (only that
 * part is read) or the 416. Otherwise the stream is read whole, bounded by the limit, and answered as bytes.
 */
const streamResponse = async (
  found: BinaryResult,
  body: StreamBody,
  request: HttpRequest,
  options: ResolvedOptions,
  limit: ResponseLimit,
  deadline: ReadDeadline | undefined,
): Promise<EncodedResponse> => {
  const draft = draftResponse(proxyOf(found, request), EMPTY)
  const declared = declaredValidators(found)
  // With the `etag` option and no declared ETag, the validators are known only once every byte is read.
  // Stryker disable next-line ConditionalExpression: with `etag` on, the declared validators alone give the 304 the check after hashing gives, or none; it only spares the read.
  if (!options.etag || declared.etag !== undefined) {
    if (draft.statusCode === 200 && isNotModified(request, declared)) {
      cancelStreamBody(body)
      // A 304 carries no Content-Type: the declared one or the fallback is set only to be removed.
      labelRepresentation(
        draft,
        found.declared.contentType ?? options.fallbackContentType,
        options.noSniff,
      )
      establishValidators(draft, declared, undefined)
      notModified(draft, EMPTY)
      return encodeResponse(draft, request, limit)
    }
    const length = found.declared.contentLength
    const slice = sliceFor(draft, request, declared, options, length, () => cancelStreamBody(body))
    if (slice !== undefined) {
      return streamPartResponse(found, body, draft, request, options, limit, slice, deadline)
    }
  }
  return bytesResponse(found, await readBody(body, found, limit, deadline), request, options, limit)
}

/** The default mode: the bytes, read from a stream if need be, as a base64 response. */
const bufferedResponse = (
  found: BinaryResult,
  request: HttpRequest,
  gatewayLimit: GatewayLimit,
  options: ResolvedOptions,
  deadline: ReadDeadline | undefined,
): EncodedResponse | Promise<EncodedResponse> => {
  const limit = bufferedLimit(gatewayLimit, options.maxResponseSize)
  const { body } = found
  if (isStreamBody(body)) return streamResponse(found, body, request, options, limit, deadline)
  const bytes = viewBytes(body)
  if (bytes === undefined) throw detachedBuffer()
  return bytesResponse(found, bytes, request, options, limit)
}

/**
 * Streaming mode: the raw bytes as a stream, typed from their first bytes; nothing is buffered. A 304 and
 * a HEAD send no body; a Range is answered when the length is known (bytes in memory, or a declared
 * length), the stream read from the part's start and stopped at its end; a part is held to the limit on
 * a streamed body. The `etag` option hashes bytes in memory only: a stream's bytes are sent as they come.
 */
const streamedResponse = async (
  found: BinaryResult,
  request: HttpRequest,
  options: ResolvedOptions,
  deadline: ReadDeadline | undefined,
): Promise<StreamingBinaryResponse> => {
  const limit = streamingLimit(options.maxResponseSize)
  const { body } = found
  // Stryker disable next-line ArrayDeclaration: a placeholder, replaced on every path before it is sent.
  const draft = draftResponse<Readable>(proxyOf(found, request), Readable.from([]))
  let bytes: Buffer | undefined
  let length: number | undefined
  if (isStreamBody(body)) length = found.declared.contentLength
  else {
    bytes = viewBytes(body)
    if (bytes === undefined) throw detachedBuffer()
    length = bytes.byteLength
  }
  const release = () => {
    if (isStreamBody(body)) cancelStreamBody(body)
  }
  const validators = establishValidators(
    draft,
    declaredValidators(found),
    options.etag ? bytes : undefined,
  )
  if (draft.statusCode === 200 && isNotModified(request, validators)) {
    release()
    // A 304 carries no Content-Type: the declared one or the fallback is set only to be removed.
    labelRepresentation(
      draft,
      found.declared.contentType ?? options.fallbackContentType,
      options.noSniff,
    )
    notModified(draft, Readable.from([]))
    return streamingResponse(draft, request)
  }
  const slice = sliceFor(draft, request, validators, options, length, release)
  let offset = 0
  let count = length
  if (slice === undefined) {
    if (length !== undefined && length > limit.bytes) {
      release()
      throw streamTooLarge(limit, length)
    }
  } else {
    offset = slice.offset
    count =
      !slice.own && slice.part.count <= limit.bytes
        ? slice.part.count
        : limitPart(draft, slice.part, limit)
  }
  let sample: Buffer
  let stream: Readable
  if (bytes === undefined) {
    ;({ sample, stream } = await peekStreamBody(
      body as StreamBody,
      STREAMING_SAMPLE_SIZE,
      deadline,
    ))
    if (slice !== undefined) stream = streamRange(stream, offset, count as number)
  } else {
    sample = bytes.subarray(0, STREAMING_SAMPLE_SIZE)
    stream = Readable.from([bytes.subarray(offset, offset + (count as number))], {
      objectMode: false,
    })
  }
  labelRepresentation(draft, await contentTypeOf(found, sample, options), options.noSniff)
  draft.body = stream
  if (isHead(request)) {
    stream.destroy()
    withoutBody(draft, count, Readable.from([]))
  }
  return streamingResponse(draft, request)
}

/**
 * Encodes a result the middleware recognised as bytes, for the request in `request.event`: the Accept rule,
 * then the buffered or streamed response, left in `request.response`. Synchronous when nothing has to be
 * read or sniffed.
 */
export const encodeBinaryResult = (
  request: Request,
  recognised: FoundResult,
  options: ResolvedOptions,
): Promise<void> | undefined => {
  const http = readHttpRequest(request.event)
  if (http === undefined || !writesResponse(http, options)) return undefined
  const rule = acceptRuleFor(http.gateway, options)
  if (!acceptsUnder(rule, http.accept, options.mediaTypes)) {
    if (!options.failOnMismatch) return undefined
    // Decided before a byte is read: a stream nobody will send is released now.
    if (isStreamBody(recognised.body)) cancelStreamBody(recognised.body)
    throw notAcceptable({
      binaryMediaTypes: options.binaryMediaTypes,
      source: http.gateway.source,
      rule,
      accept: http.accept,
    })
  }
  const found = declareResult(recognised)
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

/**
 * Runs after the error handler's onError when the error handler is used after this middleware (as it
 * should be: last): on a gateway that does not read the proxy shape (Lambda@Edge), the response it wrote
 * (`{ statusCode, headers, body }`: a 406, a 500) is rewritten in the gateway's shape, so that CloudFront
 * sends it instead of failing its validation. Every other response is left as it is.
 */
export const rewriteErrorResponse = (request: Request, options: ResolvedOptions): undefined => {
  const http = readHttpRequest(request.event)
  if (http === undefined || !writesResponse(http, options)) return undefined
  const rewritten = http.gateway.rewriteProxyResponse?.(request.response)
  if (rewritten !== undefined) request.response = rewritten
  return undefined
}
