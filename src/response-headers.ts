import { collectHeaderValues } from './event-source.js'
import { isRecord } from './is-record.js'

type HeaderValue = string | number | boolean
export type SingleValueHeaders = Record<string, HeaderValue>
export type MultiValueHeaders = Record<string, HeaderValue[]>

/** The container a gateway reads the response's headers from. */
export type HeaderContainer = 'headers' | 'multiValueHeaders'

/**
 * `Vary` with `Accept` added: the encoded response depends on the request's Accept header, and caches must
 * key on it (RFC 9110 §12.5.5). Existing members are kept once each, compared case-insensitively; `Vary: *`
 * already covers every header and is left as it is.
 */
export const varyWithAccept = (existing: readonly string[]): string => {
  const members = new Map<string, string>()
  for (const value of existing) {
    for (const member of value.split(',')) {
      const name = member.trim()
      if (name !== '' && !members.has(name.toLowerCase())) members.set(name.toLowerCase(), name)
    }
  }
  const written = [...members.values()]
  if (!members.has('*') && !members.has('accept')) written.push('Accept')
  return written.join(', ')
}

/** Every string value of a header in a proxy result, from both containers, any case of the name. */
export const responseHeaderValues = (
  proxy: Readonly<Record<string, unknown>>,
  lowerCaseName: string,
): string[] => {
  const values: string[] = []
  collectHeaderValues(proxy.headers, lowerCaseName, values)
  collectHeaderValues(proxy.multiValueHeaders, lowerCaseName, values)
  return values
}

/** A copy of a header object without the named headers (any case); `undefined` stays `undefined`. */
const without = <T>(
  headers: unknown,
  lowerCaseNames: ReadonlySet<string>,
): Record<string, T> | undefined => {
  if (!isRecord(headers)) return undefined
  const copy: Record<string, T> = {}
  for (const key of Object.keys(headers)) {
    if (!lowerCaseNames.has(key.toLowerCase())) copy[key] = headers[key] as T
  }
  return copy
}

/**
 * The response's headers with `set` written into the container the gateway reads, each of its names present
 * once afterwards (any other-cased copy in either container is removed). The handler's own objects are
 * never mutated.
 *
 * For an ALB with multi-value headers the response must carry `multiValueHeaders` only: single values are
 * moved over as one-element arrays, and where both containers name a header the `multiValueHeaders` entry
 * wins, as API Gateway merges them.
 */
export const writeResponseHeaders = (
  proxy: Readonly<Record<string, unknown>>,
  container: HeaderContainer,
  set: Readonly<Record<string, string>>,
): { headers?: SingleValueHeaders; multiValueHeaders?: MultiValueHeaders } => {
  const names = new Set(Object.keys(set).map((name) => name.toLowerCase()))
  const headers = without<HeaderValue>(proxy.headers, names)
  const multiValueHeaders = without<HeaderValue[]>(proxy.multiValueHeaders, names)
  if (container === 'headers') {
    const written: SingleValueHeaders = { ...headers, ...set }
    return multiValueHeaders === undefined
      ? { headers: written }
      : { headers: written, multiValueHeaders }
  }
  const written: MultiValueHeaders = { ...multiValueHeaders }
  const present = new Set(Object.keys(written).map((name) => name.toLowerCase()))
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!present.has(name.toLowerCase())) written[name] = [value]
  }
  for (const [name, value] of Object.entries(set)) written[name] = [value]
  return { multiValueHeaders: written }
}
