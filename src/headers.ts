/** Header containers as Lambda events and proxy results carry them, and the reading both need. */
import { isRecord } from './is-record.js'

export type HeaderValue = string | number | boolean
export type SingleValueHeaders = Record<string, HeaderValue>
export type MultiValueHeaders = Record<string, HeaderValue[]>

/**
 * Collects the string values of a header from a `headers` or `multiValueHeaders` object, whatever the case
 * of its name (REST APIs pass names as the client sent them). A value is a string or a list; a list holds
 * strings, or `{ key, value }` entries as CloudFront writes headers for Lambda@Edge. Values of the wrong
 * type are skipped.
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
      for (const item of value) {
        if (typeof item === 'string') into.push(item)
        else if (isRecord(item) && typeof item.value === 'string') into.push(item.value)
      }
    }
  }
}

/** Every string value of a header in the given containers, in their order, whatever the case of its name. */
export const headerValuesIn = (containers: readonly unknown[], lowerCaseName: string): string[] => {
  const values: string[] = []
  for (const headers of containers) collectHeaderValues(headers, lowerCaseName, values)
  return values
}

/**
 * `Vary` with `Accept` added: the encoded response depends on the request's Accept header, and caches must
 * key on it (RFC 9110 §12.5.5). Existing members are kept once each, compared case-insensitively; `Vary: *`
 * already covers every header and is left as it is.
 */
export const varyWithAccept = (existing: readonly string[]): string => {
  // Stryker disable next-line ConditionalExpression: a fast path; the general case gives an empty Vary the same answer.
  if (existing.length === 0) return 'Accept'
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
