/**
 * Every error the middleware raises, in one place. HttpErrors (from `@middy/util`, as Middy's own
 * middlewares raise them) reach the client through `@middy/http-error-handler`; each carries
 * `cause.package` so a log says where it came from. Option errors are TypeErrors thrown at construction.
 */
import { inspect } from 'node:util'
import { createError, type HttpError } from '@middy/util'

export const pkg = 'middy-binary-response'

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
export const notAcceptable = (data: NotAcceptableData): HttpError => {
  const error = createError(
    406,
    `Not Acceptable: this response is binary and is sent only to requests that accept ${data.binaryMediaTypes.join(', ')}`,
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

/** An option of the wrong type or form, named with the value given. */
export const invalidOption = (option: string, expected: string, value: unknown): TypeError =>
  new TypeError(
    `${pkg}: option '${option}' must be ${expected}; got ${inspect(value, { depth: 1, breakLength: Infinity })}`,
    { cause: { package: pkg } },
  )

/** A key `binaryResponse()` does not know: most often a misspelt option. */
export const unknownOption = (key: string, known: readonly string[]): TypeError =>
  new TypeError(`${pkg}: unknown option '${key}'; the options are ${known.join(', ')}`, {
    cause: { package: pkg },
  })
