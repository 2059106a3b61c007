/**
 * The response as the middleware builds it, before any gateway's shape: a status, the headers, the
 * handler's other fields and the body. The HTTP features change the draft; only the gateway's writer turns
 * it into an envelope. The handler's own objects are copied, never changed.
 */
import {
  type HeaderValue,
  headerValuesIn,
  type MultiValueHeaders,
  type SingleValueHeaders,
} from '../headers.js'
import { isRecord } from '../is-record.js'

export interface DraftResponse<Body> {
  statusCode: number
  /** The handler's `headers`, then the headers the middleware sets. */
  headers: SingleValueHeaders
  /** The handler's `multiValueHeaders`, when it gave an object; headers the middleware sets are not here. */
  multiValueHeaders: MultiValueHeaders | undefined
  /**
   * Every other field of the handler's result (`cookies`, `statusDescription`, …), kept as it was, but for
   * a `statusDescription` when the middleware changes the status (see `setStatus`).
   */
  fields: Readonly<Record<string, unknown>>
  body: Body
}

/** A copy of a header object, or `undefined` when the handler gave none (or something that is not one). */
const copyOf = <T>(headers: unknown): Record<string, T> | undefined =>
  isRecord(headers) ? ({ ...headers } as Record<string, T>) : undefined

/** The draft of a response around `body`, from the handler's proxy result (`undefined`: the bytes alone). */
export const draftResponse = <Body>(
  proxy: Readonly<Record<string, unknown>> | undefined,
  body: Body,
): DraftResponse<Body> => {
  if (proxy === undefined) {
    return { statusCode: 200, headers: {}, multiValueHeaders: undefined, fields: {}, body }
  }
  const {
    statusCode,
    headers,
    multiValueHeaders,
    body: _body,
    isBase64Encoded: _isBase64Encoded,
    ...fields
  } = proxy
  return {
    // A proxy result without a statusCode is a 200; any statusCode given is kept as given.
    statusCode: (statusCode ?? 200) as number,
    headers: copyOf<HeaderValue>(headers) ?? {},
    multiValueHeaders: copyOf<HeaderValue[]>(multiValueHeaders),
    fields,
    body,
  }
}

/** Every string value of a response header in the draft: `headers` first, then `multiValueHeaders`. */
export const draftHeaderValues = (draft: DraftResponse<unknown>, lowerCaseName: string): string[] =>
  headerValuesIn([draft.headers, draft.multiValueHeaders], lowerCaseName)

const removeFrom = (headers: Record<string, unknown> | undefined, lowerCaseName: string): void => {
  if (headers === undefined) return
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === lowerCaseName) delete headers[key]
  }
}

/** Removes a header from the draft, every copy of it in either container, whatever the case of its name. */
export const removeHeader = (draft: DraftResponse<unknown>, lowerCaseName: string): void => {
  removeFrom(draft.headers, lowerCaseName)
  removeFrom(draft.multiValueHeaders, lowerCaseName)
}

/** Whether a header object holds a header of one of the names, whatever the case of either. */
const holdsAnyOf = (
  headers: Readonly<Record<string, unknown>>,
  names: readonly string[],
): boolean => {
  for (const key of Object.keys(headers)) {
    for (const name of names) {
      // Stryker disable next-line ConditionalExpression,LogicalOperator: the length test is a fast path before lowercasing; a wrong yes only costs a copy, since withoutNames decides what goes.
      if (key.length === name.length && key.toLowerCase() === name.toLowerCase()) return true
    }
  }
  // Stryker disable next-line BooleanLiteral: a wrong yes only costs a copy with the same entries.
  return false
}

/**
 * A copy of a header object without the named headers (any case). Copying, not `delete`, keeps the object
 * fast to read and to serialize afterwards.
 */
const withoutNames = <T>(
  headers: Record<string, T>,
  names: readonly string[],
): Record<string, T> => {
  const lowerCaseNames = names.map((name) => name.toLowerCase())
  const kept: Record<string, T> = {}
  for (const key of Object.keys(headers)) {
    if (!lowerCaseNames.includes(key.toLowerCase())) kept[key] = headers[key] as T
  }
  return kept
}

/**
 * Sets headers in the draft: each name is present once afterwards, with the value given here. A container
 * that holds none of the names yet, as the middleware's own headers mostly do not, is neither copied nor
 * lowercased.
 */
export const setHeaders = (
  draft: DraftResponse<unknown>,
  set: Readonly<Record<string, string>>,
): void => {
  const names = Object.keys(set)
  const headers = holdsAnyOf(draft.headers, names)
    ? withoutNames(draft.headers, names)
    : draft.headers
  const multi = draft.multiValueHeaders
  if (multi !== undefined && holdsAnyOf(multi, names)) {
    draft.multiValueHeaders = withoutNames(multi, names)
  }
  for (const name of names) headers[name] = set[name] as string
  draft.headers = headers
}

/**
 * Gives the draft the status a feature answers with (206, 304). A `statusDescription` the handler wrote
 * described its own status, so it goes; the gateway that needs one (an ALB) writes it for the new status.
 */
export const setStatus = (draft: DraftResponse<unknown>, statusCode: number): void => {
  draft.statusCode = statusCode
  // Stryker disable next-line ConditionalExpression: a fast path; the copy has the same fields.
  if ('statusDescription' in draft.fields) {
    const { statusDescription: _statusDescription, ...fields } = draft.fields
    draft.fields = fields
  }
}
