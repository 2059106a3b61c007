/** HEAD (RFC 9110 §9.3.2): the status and headers a GET would get, and no body. */
import type { HttpRequest } from '../gateways/index.js'
import { type DraftResponse, setHeaders } from './draft.js'

export const isHead = (request: HttpRequest): boolean => request.method === 'HEAD'

/**
 * Drops the draft's body for a HEAD, keeping what the GET would say of it: `Content-Length` is the length
 * of the body the GET would carry, when known (§8.6 allows it only with that exact value).
 */
export const withoutBody = <Body>(
  draft: DraftResponse<Body>,
  length: number | undefined,
  empty: Body,
): void => {
  if (length !== undefined) setHeaders(draft, { 'Content-Length': String(length) })
  draft.body = empty
}
