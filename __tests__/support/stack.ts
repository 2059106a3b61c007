/**
 * Runs handler results through real Middy stacks, and reads the responses the way a client would receive
 * them once the gateway has decoded the body.
 */
import { gunzipSync } from 'node:zlib'
import middy, { type MiddlewareObj } from '@middy/core'
import { lambdaContext } from './events.js'

export interface ProxyResponse {
  statusCode: number
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  body?: string
  isBase64Encoded?: boolean
}

/**
 * Invokes a handler that returns a fresh `result()` through the middlewares, listed in `.use()` order
 * (Middy runs `after` and `onError` hooks in the reverse of that order). A fresh result each time, since
 * Middy's `normalizeHttpResponse` mutates the object it is given.
 */
export const run = async (
  use: readonly MiddlewareObj[],
  event: unknown,
  result: (event: { headers?: Record<string, string> }) => unknown,
): Promise<ProxyResponse> =>
  (await middy()
    .use([...use])
    .handler(async (event: unknown) => result(event as { headers?: Record<string, string> }))(
    event as never,
    lambdaContext(),
  )) as ProxyResponse

type RejectedWith = Error & { statusCode?: number; cause?: { package?: string } }

/** The rejection of a stack that has no error handler, e.g. the HttpError a middleware threw. */
export const runRejected = async (
  use: readonly MiddlewareObj[],
  event: unknown,
  result: (event: { headers?: Record<string, string> }) => unknown,
): Promise<RejectedWith> => {
  try {
    await run(use, event, result)
  } catch (error) {
    return error as RejectedWith
  }
  throw new Error('expected the stack to reject')
}

/** A response header by name in any case, from `headers` or `multiValueHeaders`; `undefined` if absent. */
export const header = (response: ProxyResponse, name: string): string | undefined => {
  const lower = name.toLowerCase()
  for (const container of [response.headers, response.multiValueHeaders]) {
    for (const [key, value] of Object.entries(container ?? {})) {
      if (key.toLowerCase() === lower) return Array.isArray(value) ? value.join(', ') : value
    }
  }
  return undefined
}

/** How many headers of that name the response carries, in any case of the name. */
export const headerCount = (response: ProxyResponse, name: string): number =>
  Object.keys(response.headers ?? {}).filter((key) => key.toLowerCase() === name.toLowerCase())
    .length

/** The members of a comma-separated header (`Vary`), lowercased. */
export const headerMembers = (response: ProxyResponse, name: string): string[] =>
  (header(response, name) ?? '')
    .split(',')
    .map((member) => member.trim().toLowerCase())
    .filter((member) => member !== '')

/** The bytes a client receives: the gateway decodes a base64 body, and the client then any gzip. */
export const receivedBytes = (response: ProxyResponse): Buffer => {
  const wire = Buffer.from(
    response.body ?? '',
    response.isBase64Encoded === true ? 'base64' : 'utf8',
  )
  return header(response, 'content-encoding') === 'gzip' ? gunzipSync(wire) : wire
}

/** Adds request headers to an event, in `headers` and (when it has them) `multiValueHeaders`. */
export const withHeaders = <Event extends object>(
  event: Event,
  extra: Record<string, string>,
): Event => {
  const { headers, multiValueHeaders } = event as {
    headers?: Record<string, string>
    multiValueHeaders?: Record<string, string[]>
  }
  return {
    ...event,
    headers: { ...headers, ...extra },
    ...(multiValueHeaders === undefined
      ? {}
      : {
          multiValueHeaders: {
            ...multiValueHeaders,
            ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, [value]])),
          },
        }),
  }
}
