import { isRecord } from './is-record.js'
import {
  indexMediaTypes,
  isContentType,
  type MediaRange,
  type MediaTypeIndex,
  parseMediaRange,
} from './media-type.js'
import { invalidOption, unknownOption } from './setup-errors.js'

/**
 * Which rule decides whether the request accepts a binary response:
 * - `'auto'`: what the event's gateway does: `'rest-api'` for API Gateway REST API events (buffered; with
 *   `streaming` the REST API sends raw bytes and `'negotiate'` applies), `'negotiate'` for every other gateway.
 * - `'rest-api'`: API Gateway REST API's own rule: only the first media type of Accept counts.
 * - `'negotiate'`: HTTP content negotiation over every media range of Accept, with q-values.
 */
export type AcceptRule = 'auto' | 'rest-api' | 'negotiate'

export interface BinaryResponseOptions {
  /**
   * The media types served as binary: the list configured as the REST API's binaryMediaTypes. Entries are
   * `type/subtype`, `type/*` or `*` + `/*`. Default `['*' + '/*']`.
   */
  binaryMediaTypes?: readonly string[] | undefined
  /** Content-Type for bytes the handler did not label and `file-type` cannot name. Default `'application/octet-stream'`. */
  fallbackContentType?: string | undefined
  /** Throw an HttpError 406 when the request does not accept the binary response (default `true`); `false` passes the result through untouched. */
  failOnMismatch?: boolean | undefined
  /** Which Accept rule applies. Default `'auto'`. */
  acceptRule?: AcceptRule | undefined
  /**
   * Largest response, in bytes, before an HttpError 500 is thrown: the serialized JSON response, or in
   * streaming mode the body. Default: the platform's limit, 1,048,576 for an ALB, 6,291,456 for VPC
   * Lattice, 40,960 for a Lambda@Edge viewer-request and 1,048,576 for an origin-request or
   * origin-response trigger, and 6,291,556 for every other source; 209,715,200 in streaming mode.
   */
  maxResponseSize?: number | undefined
  /** Add `X-Content-Type-Options: nosniff` to encoded responses that do not set it. Default `true`. */
  noSniff?: boolean | undefined
  /**
   * For Middy's streaming execution mode (`executionModeStreamifyResponse`: Function URLs in RESPONSE_STREAM
   * mode, REST API response streaming): hand the bytes on as a stream of raw bytes, not base64. Default `false`.
   */
  streaming?: boolean | undefined
  /**
   * A stream body is read within the time the invocation has left (the context's
   * `getRemainingTimeInMillis()`) less this many milliseconds, kept back for the error response to be sent:
   * a stream that has not ended by then is destroyed or cancelled and an HttpError 500 thrown. In
   * streaming mode this bounds the read of the first bytes. Without that context function, reads are not
   * bounded. Default `100`.
   */
  streamTimeoutEarlyInMillis?: number | undefined
  /**
   * Answer Range requests (RFC 9110 §14): 200 responses advertise `Accept-Ranges: bytes`, a GET with one
   * satisfiable byte range gets a 206 with those bytes, one with none a 416. Default `true`.
   */
  ranges?: boolean | undefined
  /**
   * Compute a strong ETag (SHA-256 of the bytes) for a response whose handler gives none, so that
   * revisits with If-None-Match get a 304. It hashes every byte, so it costs time in proportion to the
   * size. Default `false`.
   */
  etag?: boolean | undefined
}

export interface ResolvedOptions {
  readonly binaryMediaTypes: readonly string[]
  readonly mediaRanges: readonly MediaRange[]
  /** The same media types as sets, for matching requests. */
  readonly mediaTypes: MediaTypeIndex
  readonly fallbackContentType: string
  readonly failOnMismatch: boolean
  readonly acceptRule: AcceptRule
  readonly maxResponseSize: number | undefined
  readonly noSniff: boolean
  readonly streaming: boolean
  readonly streamTimeoutEarlyInMillis: number
  readonly ranges: boolean
  readonly etag: boolean
}

export const defaults = Object.freeze({
  binaryMediaTypes: Object.freeze(['*/*']) as readonly string[],
  fallbackContentType: 'application/octet-stream',
  failOnMismatch: true,
  acceptRule: 'auto' as AcceptRule,
  maxResponseSize: undefined as number | undefined,
  noSniff: true,
  streaming: false,
  streamTimeoutEarlyInMillis: 100,
  ranges: true,
  etag: false,
})

const acceptRules: readonly AcceptRule[] = ['auto', 'rest-api', 'negotiate']

const fail = (option: string, expected: string, value: unknown): never => {
  throw invalidOption(option, expected, value)
}

const checkBoolean = (option: string, value: unknown): void => {
  if (value !== undefined && typeof value !== 'boolean') fail(option, 'a boolean', value)
}

const parseBinaryMediaTypes = (value: unknown): MediaRange[] => {
  const option = 'binaryMediaTypes'
  if (!Array.isArray(value)) return fail(option, 'an array of media types', value)
  if (value.length === 0) return fail(option, 'a non-empty array of media types', value)
  // Array.from visits holes (as undefined) where map() would skip them: a sparse list is rejected too.
  return Array.from(value as unknown[], (entry, index) => {
    const range = typeof entry === 'string' ? parseMediaRange(entry) : undefined
    return (
      range ??
      fail(`${option}[${index}]`, "a media type like 'image/png', 'image/*' or '*/*'", entry)
    )
  })
}

/**
 * Validates options the way they are given to `binaryResponse()`, and throws a TypeError naming the option
 * and the value at the first problem: an unknown key, a wrong type, a malformed media type.
 */
export const binaryResponseValidateOptions = (options: unknown = {}): ResolvedOptions => {
  if (!isRecord(options)) return fail('options', 'an object', options)
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(defaults, key)) throw unknownOption(key, Object.keys(defaults))
  }
  // Only `undefined` means "use the default": a null is a value of the wrong type.
  const given = (key: keyof typeof defaults) =>
    options[key] === undefined ? defaults[key] : options[key]

  const binaryMediaTypes = given('binaryMediaTypes')
  const mediaRanges = parseBinaryMediaTypes(binaryMediaTypes)

  const fallbackContentType = given('fallbackContentType')
  if (!isContentType(fallbackContentType)) {
    fail('fallbackContentType', "a media type like 'application/octet-stream'", fallbackContentType)
  }

  checkBoolean('failOnMismatch', options.failOnMismatch)
  checkBoolean('noSniff', options.noSniff)
  checkBoolean('streaming', options.streaming)
  checkBoolean('ranges', options.ranges)
  checkBoolean('etag', options.etag)

  const acceptRule = given('acceptRule')
  if (!acceptRules.includes(acceptRule as AcceptRule)) {
    fail('acceptRule', `one of ${acceptRules.map((rule) => `'${rule}'`).join(', ')}`, acceptRule)
  }

  const maxResponseSize = options.maxResponseSize
  if (
    maxResponseSize !== undefined &&
    !(Number.isSafeInteger(maxResponseSize) && (maxResponseSize as number) > 0)
  ) {
    fail('maxResponseSize', 'a positive integer number of bytes', maxResponseSize)
  }

  const streamTimeoutEarlyInMillis = given('streamTimeoutEarlyInMillis')
  if (
    !(
      Number.isSafeInteger(streamTimeoutEarlyInMillis) &&
      (streamTimeoutEarlyInMillis as number) >= 0
    )
  ) {
    fail(
      'streamTimeoutEarlyInMillis',
      'a non-negative integer number of milliseconds',
      streamTimeoutEarlyInMillis,
    )
  }

  return Object.freeze({
    binaryMediaTypes: Object.freeze([...(binaryMediaTypes as string[])]),
    mediaRanges: Object.freeze(mediaRanges),
    mediaTypes: indexMediaTypes(mediaRanges),
    fallbackContentType: fallbackContentType as string,
    failOnMismatch: given('failOnMismatch') as boolean,
    acceptRule: acceptRule as AcceptRule,
    maxResponseSize: maxResponseSize as number | undefined,
    noSniff: given('noSniff') as boolean,
    streaming: given('streaming') as boolean,
    streamTimeoutEarlyInMillis: streamTimeoutEarlyInMillis as number,
    ranges: given('ranges') as boolean,
    etag: given('etag') as boolean,
  })
}
