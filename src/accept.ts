/**
 * The Accept header and the two rules that decide whether a request accepts a binary response.
 *
 * Parsing is linear in the header's length and never throws: an Accept header is client input.
 */
import {
  eachParameter,
  formatMediaRange,
  indexOutsideQuotes,
  isParameterName,
  leadingMediaRange,
  type MediaRange,
} from './media-type.js'

/** The rules a gateway may apply to a base64 body: see `firstMediaTypeMatches` and `negotiatedMatches`. */
export type DecodingRule = 'rest-api' | 'negotiate'

interface WeightedRange extends MediaRange {
  readonly q: number
}

// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/
const COMMA = 44
/** A `q` parameter whose value is no qvalue. */
const UNREADABLE = -1

/** The elements of a comma-separated list, split on the commas outside quoted-strings (RFC 9110 §5.6.1). */
const listElements = (text: string): string[] => {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a fast path; without quotes the walk below splits the same way.
  if (!text.includes('"')) return text.split(',')
  const parts: string[] = []
  let start = 0
  for (let comma = indexOutsideQuotes(text, COMMA, 0); comma < text.length; ) {
    parts.push(text.slice(start, comma))
    start = comma + 1
    comma = indexOutsideQuotes(text, COMMA, start)
  }
  parts.push(text.slice(start))
  return parts
}

/**
 * The weight of a media range from the parameters that follow it, from the `;` at `semicolon` on. Only `q`
 * counts; other parameters and accept-extensions are ignored. A malformed weight (`q=abc`, `q=1.5`, `q=-1`)
 * returns `undefined`: the range is unreadable and is ignored, as if the client had not sent it.
 */
const readWeight = (element: string, semicolon: number): number | undefined => {
  const weight = eachParameter(element, semicolon, (start, end, equals) => {
    if (equals === -1 || !isParameterName(element, start, equals, 'q')) return undefined
    const value = element.slice(equals + 1, end).trim()
    return QVALUE.test(value) ? Number(value) : UNREADABLE
  })
  return weight === undefined ? 1 : weight === UNREADABLE ? undefined : weight
}

/** One element of an Accept header: a media range and its weight, or `undefined` when unreadable. */
const parseElement = (element: string): WeightedRange | undefined => {
  const range = leadingMediaRange(element)
  if (range === undefined) return undefined
  const semicolon = element.indexOf(';')
  const q = semicolon === -1 ? 1 : readWeight(element, semicolon)
  return q === undefined ? undefined : { type: range.type, subtype: range.subtype, q }
}

/**
 * The media ranges of an Accept header with their weights, in the order sent. Malformed ranges are dropped.
 * An element repeated verbatim is parsed once: a hostile header of thousands of copies costs a lookup each.
 */
export const parseAccept = (header: string): WeightedRange[] => {
  const ranges: WeightedRange[] = []
  const parsed = new Map<string, WeightedRange | undefined>()
  for (const element of listElements(header)) {
    // An empty list element is allowed and means nothing (RFC 9110 §5.6.1).
    if (element.length === 0) continue
    let range = parsed.get(element)
    if (range === undefined && !parsed.has(element)) {
      range = parseElement(element)
      parsed.set(element, range)
    }
    if (range !== undefined) ranges.push(range)
  }
  return ranges
}

const isAnyType = (range: MediaRange): boolean => range.type === '*'

/**
 * API Gateway REST APIs decode a base64 body only when the FIRST media type of Accept matches an entry of
 * the API's binaryMediaTypes ("API Gateway honors only the first Accept media type"); q-values and other
 * parameters play no part, and wildcards count on the configured side only. A `*` + `/*` entry matches every
 * request, with or without Accept.
 */
export const firstMediaTypeMatches = (
  accept: string | undefined,
  binaryMediaTypes: readonly MediaRange[],
): boolean => {
  if (binaryMediaTypes.some(isAnyType)) return true
  if (accept === undefined) return false
  const comma = accept.indexOf(',')
  const first = leadingMediaRange(comma === -1 ? accept : accept.slice(0, comma))
  if (first === undefined) return false
  return binaryMediaTypes.some(
    (entry) =>
      entry.type === first.type && (entry.subtype === '*' || entry.subtype === first.subtype),
  )
}

const specificity = (range: MediaRange): number =>
  range.type === '*' ? 0 : range.subtype === '*' ? 1 : 2

const overlaps = (a: MediaRange, b: MediaRange): boolean =>
  isAnyType(a) ||
  isAnyType(b) ||
  (a.type === b.type && (a.subtype === '*' || b.subtype === '*' || a.subtype === b.subtype))

/**
 * HTTP content negotiation (RFC 9110 §12.5.1), for gateways that always decode: the request accepts the
 * binary response when some media type an entry covers is acceptable. Wildcards count on both sides. The
 * weight of a media type is that of the most specific range that covers it, so `image/png;q=0, *` + `/*`
 * refuses `image/png`; a weight of 0 means "not acceptable". With no Accept header, every type is.
 */
export const negotiatedMatches = (
  accept: string | undefined,
  binaryMediaTypes: readonly MediaRange[],
): boolean => {
  if (accept === undefined) return true
  // Each distinct range once, with its weight: a range listed twice counts with its higher weight.
  const weights = new Map<string, WeightedRange>()
  for (const range of parseAccept(accept)) {
    const key = formatMediaRange(range)
    const listed = weights.get(key)
    if (listed === undefined || range.q > listed.q) weights.set(key, range)
  }
  // Only asked of a set that a listed range covers, so one of the three keys is always present.
  const weightOf = ({ type, subtype }: MediaRange): number =>
    (weights.get(`${type}/${subtype}`) ?? weights.get(`${type}/*`) ?? weights.get('*/*'))
      ?.q as number
  const ranges = [...weights.values()]
  return binaryMediaTypes.some((entry) =>
    ranges.some((range) => {
      if (!overlaps(range, entry)) return false
      // Where a range and an entry overlap, the narrower of the two is the set of types both name.
      // Stryker disable next-line EqualityOperator: ranges of equal specificity that overlap are the same range.
      const common = specificity(range) >= specificity(entry) ? range : entry
      return weightOf(common) > 0
    }),
  )
}

/** Whether the request accepts a binary response under `rule`. */
export const acceptsUnder = (
  rule: DecodingRule,
  accept: string | undefined,
  binaryMediaTypes: readonly MediaRange[],
): boolean =>
  rule === 'rest-api'
    ? firstMediaTypeMatches(accept, binaryMediaTypes)
    : negotiatedMatches(accept, binaryMediaTypes)
