/**
 * Range requests (RFC 9110 §14): the part of the bytes a GET asks for, as a 206 whose Content-Range names
 * exactly what it carries. `range-parser` reads the Range header.
 */
import { combineRanges, parse } from 'range-parser'
import { encodedTooLarge } from '../errors.js'
import { type HttpRequest, requestHeader } from '../gateways/index.js'
import { base64Length, decimalDigits, largestFittingPart, type ResponseLimit } from '../limits.js'
import {
  type DraftResponse,
  draftHeaderValues,
  removeHeader,
  setHeaders,
  setStatus,
} from './draft.js'
import { envelopeSize } from './encode.js'
import type { Validators } from './validators.js'

/** What a request's Range asks of the body: all of it, nothing it has, or bytes `start` to `end` inclusive. */
export type RangeAnswer =
  | { readonly kind: 'whole' }
  | { readonly kind: 'unsatisfiable' }
  | { readonly kind: 'part'; readonly start: number; readonly end: number }

const WHOLE: RangeAnswer = Object.freeze({ kind: 'whole' })
const UNSATISFIABLE: RangeAnswer = Object.freeze({ kind: 'unsatisfiable' })

/**
 * Whether ranges are answered for this draft: the option is on, the status is 200 (a Range is ignored for
 * any other, §14.2), and the handler did not say `Accept-Ranges: none` (§14.3).
 */
export const rangesApply = (draft: DraftResponse<unknown>, enabled: boolean): boolean =>
  enabled &&
  draft.statusCode === 200 &&
  !draftHeaderValues(draft, 'accept-ranges').some((value) => value.trim().toLowerCase() === 'none')

/** Tells clients they may ask for byte ranges of this response (§14.3). */
export const advertiseRanges = (draft: DraftResponse<unknown>): void =>
  setHeaders(draft, { 'Accept-Ranges': 'bytes' })

/**
 * Whether If-Range lets the Range apply (§13.1.5): it is absent, or it names the response's ETag by strong
 * comparison (only a strong tag, `"…"`, can be identical to a strong one), or it is exactly the response's
 * Last-Modified (a weak tag, `W/"…"`, is never that). Anything else means the client's part belongs to
 * another version: it gets the whole.
 */
const ifRangeHolds = (ifRange: string | undefined, validators: Validators): boolean => {
  if (ifRange === undefined) return true
  const value = ifRange.trim()
  return value.startsWith('"') ? validators.etag === value : validators.lastModified === value
}

/**
 * What the request's Range asks of a body of `length` bytes (§14.2): only a GET's Range counts. A
 * malformed Range (another unit, bad syntax, a reversed range) is ignored: the whole. A Range that asks
 * for no byte the body has is unsatisfiable (a 416), except for a suffix range of an empty body, which is
 * answered with the whole of it. Overlapping and adjacent ranges are merged; several ranges left after
 * that are answered with the whole body rather than multipart/byteranges.
 */
export const requestedRange = (
  request: HttpRequest,
  length: number,
  validators: Validators,
): RangeAnswer => {
  if (request.method !== 'GET') return WHOLE
  const header = requestHeader(request, 'range')
  if (header === undefined) return WHOLE
  if (!ifRangeHolds(requestHeader(request, 'if-range'), validators)) return WHOLE
  const parsed = parse(length, header)
  // range-parser: bit 1 of `code` is "malformed", bit 2 "a range was unsatisfiable".
  if (parsed.type !== 'bytes' || (parsed.code & 1) !== 0) return WHOLE
  if (parsed.ranges.length === 0) return parsed.code === 0 ? WHOLE : UNSATISFIABLE
  const ranges = combineRanges(parsed.ranges)
  const [only] = ranges
  if (ranges.length !== 1 || only === undefined) return WHOLE
  return { kind: 'part', start: only.start, end: only.end }
}

/**
 * Makes the draft a 206 whose Content-Range says it carries bytes `start` to `end` of `total` (`'*'` when
 * the total is unknown). `end` may be `''` while the response is being measured. The Content-Length the
 * handler gave for the whole no longer holds; the gateway counts what it sends.
 */
const partialContent = (
  draft: DraftResponse<unknown>,
  start: number,
  end: number | '',
  total: number | '*',
): void => {
  setStatus(draft, 206)
  removeHeader(draft, 'content-length')
  setHeaders(draft, { 'Content-Range': `bytes ${start}-${end}/${total}` })
}

/** A part of the bytes to send: bytes `start` to `start + count - 1` of a representation of `total` bytes. */
export interface Part {
  readonly start: number
  readonly count: number
  readonly total: number | '*'
}

/**
 * Makes the draft a 206 for the largest leading piece of `part` whose response fits the limit, and returns
 * how many bytes that is. Media players ask for `bytes=0-` and then for what follows the bytes they got,
 * so a file larger than one response plays through. Throws the 500 when not one byte fits (the headers
 * alone are too large).
 */
export const fitPart = (
  draft: DraftResponse<unknown>,
  request: HttpRequest,
  limit: ResponseLimit,
  part: Part,
): number => {
  partialContent(draft, part.start, '', part.total)
  const sizeWithoutEnd = envelopeSize(draft, request)
  const count = largestFittingPart(limit.bytes, sizeWithoutEnd, part.start, part.count)
  if (count === 0) {
    const size =
      sizeWithoutEnd + decimalDigits(part.start + part.count - 1) + base64Length(part.count)
    throw encodedTooLarge(limit, size, part.count)
  }
  partialContent(draft, part.start, part.start + count - 1, part.total)
  return count
}

/** Makes the draft a 206 for the first `count` bytes of `part`, for a limit on the body alone (streaming). */
export const limitPart = (
  draft: DraftResponse<unknown>,
  part: Part,
  limit: ResponseLimit,
): number => {
  const count = Math.min(part.count, limit.bytes)
  partialContent(draft, part.start, part.start + count - 1, part.total)
  return count
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/

/**
 * The part a handler's own 206 says it carries, from its Content-Range `bytes a-b/n` (S3's GetObject
 * with a Range answers so); `undefined` when it gives none, or one of another form.
 */
export const handlersPart = (draft: DraftResponse<unknown>): Part | undefined => {
  if (draft.statusCode !== 206) return undefined
  const [value] = draftHeaderValues(draft, 'content-range')
  const match = value === undefined ? null : CONTENT_RANGE.exec(value.trim())
  if (match === null) return undefined
  const [, first, last, total] = match as unknown as [string, string, string, string]
  const start = Number(first)
  const count = Number(last) - start + 1
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(count) || count < 1) return undefined
  return { start, count, total: total === '*' ? '*' : Number(total) }
}
