/**
 * Conditional GET and HEAD (RFC 9110 §13): a client that holds the current representation gets a 304 with
 * no body instead of the bytes again.
 */
import fresh from 'fresh'
import { type HttpRequest, requestHeader } from '../gateways/index.js'
import { type DraftResponse, removeHeader, setStatus } from './draft.js'
import type { Validators } from './validators.js'

/** GET and HEAD are the methods a 304 answers (RFC 9110 §13.1.2, §13.1.3, §15.4.5). */
export const isRetrieval = (request: HttpRequest): boolean =>
  request.method === 'GET' || request.method === 'HEAD'

/**
 * Whether the client's copy is current: If-None-Match names the response's ETag (weak comparison,
 * §13.1.2), or, without If-None-Match, If-Modified-Since is no earlier than Last-Modified (§13.1.3; an
 * invalid date is ignored). The matching is `fresh`'s, which, as Express does, also treats a request with
 * `Cache-Control: no-cache` as wanting the bytes.
 */
export const isNotModified = (request: HttpRequest, validators: Validators): boolean => {
  if (!isRetrieval(request)) return false
  if (validators.etag === undefined && validators.lastModified === undefined) return false
  // `fresh` answers false itself when the request has neither condition.
  return fresh(
    {
      'if-none-match': requestHeader(request, 'if-none-match'),
      'if-modified-since': requestHeader(request, 'if-modified-since'),
      'cache-control': requestHeader(request, 'cache-control'),
    },
    { etag: validators.etag, 'last-modified': validators.lastModified },
  )
}

/**
 * The headers that describe content: a 304 has none, and a cache keeps the stored ones (RFC 9110
 * §15.4.5). ETag, Last-Modified, Vary, Cache-Control, Expires and Content-Location stay, and so do headers
 * that are not about the content (CORS, cookies, security headers).
 */
const CONTENT_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-range',
  'content-disposition',
  'accept-ranges',
] as const

/** Turns the draft into a 304 Not Modified around `empty`, the mode's empty body. */
export const notModified = <Body>(draft: DraftResponse<Body>, empty: Body): void => {
  setStatus(draft, 304)
  for (const name of CONTENT_HEADERS) removeHeader(draft, name)
  draft.body = empty
}
