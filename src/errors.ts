/**
 * Every error the middleware raises while it answers a request, in one place: HttpErrors (from
 * `@middy/util`, as Middy's own middlewares raise them) reach the client through
 * `@middy/http-error-handler`; each carries `cause.package` so a log says where it came from. The
 * TypeErrors of a bad option or file name, thrown at setup, are in setup-errors.ts.
 */
import { createError, type HttpError } from '@middy/util'
import type { ReadDeadline } from './deadline.js'
import { largestEncodableBody, type ResponseLimit } from './limits.js'
import { pkg } from './setup-errors.js'

export const formatBytes = (n: number): string => n.toLocaleString('en-US')

/** Whether the middleware itself raised this error (and it should travel on as it is). */
export const isOwnError = (error: unknown): boolean =>
  error instanceof Error && (error.cause as { package?: unknown } | undefined)?.package === pkg

/** What a 406 tells the developer who reads the log: never sent to the client. */
export interface NotAcceptableData {
  readonly binaryMediaTypes: readonly string[]
  /** The gateway the request came through (an `HttpEventSource`). */
  readonly source: string
  /** The Accept rule that refused it: `'rest-api'` or `'negotiate'`. */
  readonly rule: string
  /** The Accept header as read from the event; `undefined` when there was none. */
  readonly accept: string | undefined
}

/**
 * The 406 for a request that does not accept the binary response. Its message lists the configured media
 * types only: a client-facing message never echoes the request. It carries `Vary: Accept`, which
 * `@middy/http-error-handler` copies to the response, since the answer depends on that header.
 */
/** How many of the configured media types a 406's message lists before it counts the rest. */
export const LISTED_MEDIA_TYPES = 10

/** The configured media types as the 406 lists them: the first ten, then how many more there are. */
const listMediaTypes = (binaryMediaTypes: readonly string[]): string => {
  const listed = binaryMediaTypes.slice(0, LISTED_MEDIA_TYPES).join(', ')
  const more = binaryMediaTypes.length - LISTED_MEDIA_TYPES
  return more > 0 ? `${listed} and ${formatBytes(more)} more` : listed
}

export const notAcceptable = (data: NotAcceptableData): HttpError => {
  const error = createError(
    406,
    `Not Acceptable: this response is binary and is sent only to requests that accept ${listMediaTypes(data.binaryMediaTypes)}`,
    { cause: { package: pkg, data } },
  )
  return Object.assign(error, { headers: { Vary: 'Accept' } })
}

export const detachedBuffer = (): HttpError =>
  createError(
    500,
    `${pkg}: the handler returned a detached ArrayBuffer; its bytes were transferred away and cannot be sent`,
    { cause: { package: pkg } },
  )

/**
 * The HttpError 500 for a response the platform would refuse: it names the size, the limit and what to do
 * instead. `expose` stays false (a 5xx), so clients see a plain 500.
 */
export const responseTooLarge = (
  what: string,
  limit: number,
  limitName: string,
  data: Readonly<Record<string, number>>,
): HttpError =>
  createError(
    500,
    `${pkg}: ${what}, over the ${formatBytes(limit)}-byte limit${limitName}. Stream it with Lambda response streaming, or return a redirect to a presigned S3 URL instead.`,
    { cause: { package: pkg, data: { ...data, limit } } },
  )

/**
 * The 416 for a GET whose Range asks for no byte the body has (RFC 9110 §14.1.1, §15.5.17). It
 * carries the Content-Range of an unsatisfied range (`bytes`, an asterisk, a slash and the body's length),
 * which `@middy/http-error-handler` copies to the response, so the client learns the length. The message
 * does not echo the request.
 */
export const rangeNotSatisfiable = (length: number): HttpError => {
  const error = createError(
    416,
    `Range Not Satisfiable: no requested range overlaps the ${formatBytes(length)}-byte body`,
    { cause: { package: pkg, data: { length } } },
  )
  return Object.assign(error, { headers: { 'Content-Range': `bytes */${length}` } })
}

/** A result the Lambda runtime could not serialize (a BigInt, a cycle): better a clear 500 here. */
export const unserializableResponse = (cause: unknown): HttpError =>
  createError(
    500,
    `${pkg}: the response cannot be serialized to JSON: ${(cause as Error).message}`,
    { cause: { package: pkg, data: cause } },
  )

/** A body stream that failed, or ended short of its declared length. */
export const streamFailed = (cause: unknown): HttpError =>
  createError(
    500,
    `${pkg}: reading the response body stream failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    { cause: { package: pkg, data: cause } },
  )

/**
 * A body stream whose bytes are no longer all there (read before it was returned) or that cannot be read
 * (locked): `what` says which, `remedy` what to do.
 */
export const streamAlreadyRead = (what: string, remedy: string): HttpError =>
  createError(500, `${pkg}: the response body stream ${what}. ${remedy}`, {
    cause: { package: pkg },
  })

const formatMillis = (n: number): string => n.toLocaleString('en-US')

const accounting = (deadline: ReadDeadline): string =>
  `${formatMillis(deadline.remainingInMillis)} ms remaining, less streamTimeoutEarlyInMillis ${formatMillis(deadline.marginInMillis)} ms`

const deadlineData = (deadline: ReadDeadline, waited: number) => ({
  waitedInMillis: waited,
  remainingInMillis: deadline.remainingInMillis,
  marginInMillis: deadline.marginInMillis,
})

/** The 500 for a read that found no time left at all: the stream was released before a byte was read. */
export const noTimeToRead = (deadline: ReadDeadline, stopped: string): HttpError =>
  createError(
    500,
    `${pkg}: the invocation had no time left to read the response body stream (${accounting(deadline)}); it was ${stopped} unread. Give the function a longer timeout, or lower streamTimeoutEarlyInMillis.`,
    { cause: { package: pkg, data: { bytes: 0, ...deadlineData(deadline, 0) } } },
  )

/**
 * The 500 for a read the deadline cut short: what it waited for (`'end'`, or its first bytes), how long,
 * how many bytes had come, and what was done with the stream.
 */
export const readTimedOut = (
  deadline: ReadDeadline,
  awaited: string,
  bytes: number,
  stopped: string,
): HttpError =>
  createError(
    500,
    `${pkg}: the response body stream did not ${awaited} within the ${formatMillis(deadline.budgetInMillis)} ms the invocation had left for it (${accounting(deadline)}), after ${formatBytes(bytes)} bytes; it was ${stopped}. Find why the stream stalls (a slow or stuck source), or give the function a longer timeout.`,
    {
      cause: { package: pkg, data: { bytes, ...deadlineData(deadline, deadline.budgetInMillis) } },
    },
  )

/** A buffered body of `bytes` that cannot fit: declared so before reading, or found so while reading. */
export const bodyTooLarge = (
  limit: ResponseLimit,
  bytes: number,
  how: 'declares' | 'passed',
): HttpError =>
  responseTooLarge(
    `the response body ${how} ${formatBytes(bytes)} bytes, more than the ${formatBytes(largestEncodableBody(limit.bytes))} bytes whose base64 fits in the response`,
    limit.bytes,
    limit.name,
    { bytes },
  )

/** A buffered response whose JSON, envelope and base64 body, would be `size` bytes. */
export const encodedTooLarge = (
  limit: ResponseLimit,
  size: number,
  byteLength: number,
): HttpError =>
  responseTooLarge(
    `the response would be ${formatBytes(size)} bytes once serialized (${formatBytes(byteLength)} bytes of binary body as base64)`,
    limit.bytes,
    limit.name,
    { size },
  )

/** A streamed body of `bytes`, more than the streaming limit. */
export const streamTooLarge = (limit: ResponseLimit, bytes: number): HttpError =>
  responseTooLarge(`the response body is ${formatBytes(bytes)} bytes`, limit.bytes, limit.name, {
    bytes,
  })
