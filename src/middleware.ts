import { Readable } from 'node:stream'
import type { MiddlewareObj, Request } from '@middy/core'
import { createError } from '@middy/util'
import { type BinaryResult, findBinaryResult, viewBytes } from './binary-body.js'
import { declaredContentType, detectContentType } from './content-type.js'
import {
  type EncodedBinaryResponse,
  encodeResponse,
  formatBytes,
  largestEncodableBody,
  limitName,
  type ResponseSettings,
  responseLimit,
  responseTooLarge,
  STREAMING_RESPONSE_LIMIT,
  type StreamingBinaryResponse,
  streamingResponse,
} from './encoded-response.js'
import { type HttpRequest, readHttpRequest } from './event-source.js'
import { firstMediaTypeMatches, negotiatedMatches } from './media-type.js'
import {
  type BinaryResponseOptions,
  binaryResponseValidateOptions,
  pkg,
  type ResolvedOptions,
} from './options.js'
import {
  cancelStreamBody,
  declaredContentLength,
  isStreamBody,
  peekStreamBody,
  readStreamBody,
  type StreamBody,
  streamDeclarations,
} from './stream-body.js'

/** In streaming mode the type is sniffed from the first bytes only; file-type needs about this many. */
const STREAMING_SAMPLE_SIZE = 4100

/** Whether the gateway that sent the request will deliver the bytes, under the configured rule. */
export const acceptsBinary = (request: HttpRequest, options: ResolvedOptions): boolean => {
  const rule =
    options.acceptRule === 'auto'
      ? request.source === 'rest-api'
        ? 'rest-api'
        : // Stryker disable next-line StringLiteral: any rule but 'rest-api' negotiates, whatever it is called.
          'negotiate'
      : options.acceptRule
  return rule === 'rest-api'
    ? firstMediaTypeMatches(request.accept, options.mediaRanges)
    : negotiatedMatches(request.accept, options.mediaRanges)
}

const notAcceptable = (options: ResolvedOptions) =>
  // Lists the configured media types only: a client-facing message never echoes the request.
  createError(
    406,
    `Not Acceptable: this response is binary and is sent only to requests that accept ${options.binaryMediaTypes.join(', ')}`,
    { cause: { package: pkg, data: { binaryMediaTypes: options.binaryMediaTypes } } },
  )

const detachedBuffer = () =>
  createError(
    500,
    `${pkg}: the handler returned a detached ArrayBuffer; its bytes were transferred away and cannot be sent`,
    { cause: { package: pkg } },
  )

/** The Content-Type when the handler declared none: the stream's own (an S3 object's), else sniffed. */
const contentTypeOf = async (
  found: BinaryResult,
  sample: Buffer,
  options: ResolvedOptions,
): Promise<string> =>
  declaredContentType(found.proxy) ??
  (isStreamBody(found.body) ? streamDeclarations(found.body).contentType : undefined) ??
  (await detectContentType(sample, options.fallbackContentType))

const settingsFor = (contentType: string, options: ResolvedOptions): ResponseSettings => ({
  contentType,
  noSniff: options.noSniff,
  maxResponseSize: options.maxResponseSize,
})

/** The length the body will have, when the handler, the S3 response or the Blob says so before reading. */
const knownLength = (body: StreamBody, found: BinaryResult): number | undefined =>
  declaredContentLength(found.proxy) ?? streamDeclarations(body).contentLength

/**
 * Reads a stream body into memory, refusing before the first byte when its declared length is already too
 * large, and stopping as soon as it passes the most a response can carry.
 */
const readBody = async (
  body: StreamBody,
  found: BinaryResult,
  request: HttpRequest,
  options: ResolvedOptions,
): Promise<Buffer> => {
  const limit = responseLimit(request, options.maxResponseSize)
  const maxBytes = largestEncodableBody(limit)
  const name = limitName(request, options.maxResponseSize)
  const tooLarge = (bytes: number, verb: string) =>
    responseTooLarge(
      `the response body ${verb} ${formatBytes(bytes)} bytes, more than the ${formatBytes(maxBytes)} bytes whose base64 fits in the response`,
      limit,
      name,
      { bytes },
    )
  const length = knownLength(body, found)
  if (length !== undefined && length > maxBytes) {
    cancelStreamBody(body)
    throw tooLarge(length, 'declares')
  }
  return readStreamBody(body, maxBytes, length, (bytes) => tooLarge(bytes, 'passed'))
}

/** The default mode: the bytes, read from a stream if need be, as a base64 proxy response. */
const bufferedResponse = async (
  found: BinaryResult,
  request: HttpRequest,
  options: ResolvedOptions,
): Promise<EncodedBinaryResponse> => {
  const { body } = found
  const bytes = isStreamBody(body) ? await readBody(body, found, request, options) : viewBytes(body)
  if (bytes === undefined) throw detachedBuffer()
  const contentType = await contentTypeOf(found, bytes, options)
  return encodeResponse(found.proxy ?? {}, bytes, request, settingsFor(contentType, options))
}

/** Streaming mode: the raw bytes as a stream, typed from their first bytes; nothing is buffered. */
const streamedResponse = async (
  found: BinaryResult,
  request: HttpRequest,
  options: ResolvedOptions,
): Promise<StreamingBinaryResponse> => {
  const { body } = found
  const limit = options.maxResponseSize ?? STREAMING_RESPONSE_LIMIT
  const refuse = (length: number) =>
    responseTooLarge(
      `the response body is ${formatBytes(length)} bytes`,
      limit,
      options.maxResponseSize === undefined ? ' of a streamed response' : '',
      { bytes: length },
    )
  let sample: Buffer
  let stream: Readable
  if (isStreamBody(body)) {
    const length = knownLength(body, found)
    if (length !== undefined && length > limit) {
      cancelStreamBody(body)
      throw refuse(length)
    }
    ;({ sample, stream } = await peekStreamBody(body, STREAMING_SAMPLE_SIZE))
  } else {
    const bytes = viewBytes(body)
    if (bytes === undefined) throw detachedBuffer()
    if (bytes.byteLength > limit) throw refuse(bytes.byteLength)
    sample = bytes.subarray(0, STREAMING_SAMPLE_SIZE)
    stream = Readable.from([bytes], { objectMode: false })
  }
  const contentType = await contentTypeOf(found, sample, options)
  return streamingResponse(found.proxy ?? {}, stream, request, settingsFor(contentType, options))
}

/**
 * Turns a handler's bytes into the base64 proxy response that API Gateway (REST and HTTP APIs), Lambda
 * Function URLs and ALBs deliver to the client as bytes, when the request accepts them. Options are
 * validated here, once.
 */
export const binaryResponse = (opts: BinaryResponseOptions = {}): MiddlewareObj => {
  const options = binaryResponseValidateOptions(opts)

  const encodeBinaryResult = async (request: Request, found: BinaryResult): Promise<void> => {
    const http = readHttpRequest(request.event)
    if (http === undefined) return
    if (!acceptsBinary(http, options)) {
      if (!options.failOnMismatch) return
      // Decided before a byte is read: a stream nobody will send is released now.
      if (isStreamBody(found.body)) cancelStreamBody(found.body)
      throw notAcceptable(options)
    }
    request.response = options.streaming
      ? await streamedResponse(found, http, options)
      : await bufferedResponse(found, http, options)
  }

  // Middy awaits a hook only when it returns a promise: a result that is not bytes (every JSON response)
  // costs no await at all.
  const binaryResponseMiddlewareAfter = (request: Request): Promise<void> | undefined => {
    const found = findBinaryResult(request.response)
    return found === undefined ? undefined : encodeBinaryResult(request, found)
  }

  return { after: binaryResponseMiddlewareAfter }
}
