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
  type MediaTypeIndex,
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
  // Stryker disable next-line StringLiteral: the range before the first `;` is tokens and a `/`, no `=`, so a parameter walk begun earlier reads the same weight.
  const semicolon = element.indexOf(';')
  // Stryker disable next-line ConditionalExpression,UnaryOperator: a fast path; the walk finds no `q` in an element without a `;` and gives 1 all the same.
  const q = semicolon === -1 ? 1 : readWeight(element, semicolon)
  return q === undefined ? undefined : { type: range.type, subtype: range.subtype, q }
}

/** What `eachAcceptRange`'s visitor returns to stop the walk early: the answer is known. */
// Stryker disable next-line BooleanLiteral: a marker compared only with itself.
const STOP = true

/**
 * How many list elements of an Accept header are read; the rest are ignored. Real clients send fewer than
 * twenty, and the gateways cap a request's headers at 10 to 64 KB; a test event or a Function URL can still
 * carry far more, and this bounds the work any header costs.
 */
export const ACCEPT_ELEMENT_LIMIT = 1024

/**
 * Visits the readable media ranges among the first `ACCEPT_ELEMENT_LIMIT` elements of an Accept header, with
 * their weights, in the order sent, without collecting them; malformed ranges and empty list elements
 * (RFC 9110 §5.6.1, not counted) are skipped. Returns whether a visit stopped the walk.
 */
const eachAcceptRange = (
  header: string,
  visit: (range: WeightedRange) => boolean | undefined,
): boolean => {
  // Stryker disable next-line StringLiteral: a fast path; without quotes both searches find the same comma.
  const quoted = header.includes('"')
  let elements = 0
  // Stryker disable next-line EqualityOperator: at the end the element is empty, and skipped as empty elements are.
  for (let start = 0; start <= header.length && elements < ACCEPT_ELEMENT_LIMIT; ) {
    // Stryker disable next-line ConditionalExpression: a fast path; without quotes both searches find the same comma.
    let comma = quoted ? indexOutsideQuotes(header, COMMA, start) : header.indexOf(',', start)
    if (comma === -1) comma = header.length
    if (comma > start) {
      elements++
      const range = parseElement(header.slice(start, comma))
      if (range !== undefined && visit(range) === STOP) return true
    }
    start = comma + 1
  }
  return false
}

/** The media ranges of an Accept header with their weights, in the order sent. Malformed ranges are dropped. */
export const parseAccept = (header: string): WeightedRange[] => {
  const ranges: WeightedRange[] = []
  eachAcceptRange(header, (range) => {
    ranges.push(range)
    return undefined
  })
  return ranges
}

/**
 * API Gateway REST APIs decode a base64 body only when the FIRST media type of Accept matches an entry of
 * the API's binaryMediaTypes ("API Gateway honors only the first Accept media type"); q-values and other
 * parameters play no part, and wildcards count on the configured side only. A `*` + `/*` entry matches every
 * request, with or without Accept.
 */
export const firstMediaTypeMatches = (
  accept: string | undefined,
  binaryMediaTypes: MediaTypeIndex,
): boolean => {
  if (binaryMediaTypes.anyType) return true
  if (accept === undefined) return false
  const comma = accept.indexOf(',')
  const first = leadingMediaRange(comma === -1 ? accept : accept.slice(0, comma))
  if (first === undefined) return false
  return (
    binaryMediaTypes.wholeTypes.has(first.type) ||
    binaryMediaTypes.exactTypes.has(formatMediaRange(first))
  )
}

/** Whether an entry lies within the range: the range names every type of some entry, or more. */
const coversAnEntry = ({ type, subtype }: MediaRange, entries: MediaTypeIndex): boolean =>
  entries.anyType ||
  // Stryker disable next-line ConditionalExpression,StringLiteral: the index holds no wildcard as a whole type or an exact type, so a `*` range finds none.
  (type !== '*' &&
    (entries.wholeTypes.has(type) ||
      // Stryker disable next-line ConditionalExpression,StringLiteral: no exact entry has a wildcard subtype.
      (subtype !== '*' && entries.exactTypes.has(`${type}/${subtype}`))))

/** Whether a range's weight can decide for an entry narrower than it, or mark an exact entry as listed. */
const weighsOnAnEntry = ({ type, subtype }: MediaRange, entries: MediaTypeIndex): boolean =>
  type === '*' ||
  (subtype === '*'
    ? // Stryker disable next-line ConditionalExpression: a filter; a `type/*` of a type no entry has adds nothing to the counts below.
      entries.wholeTypes.has(type) || entries.exactPerType.has(type)
    : entries.exactTypes.has(`${type}/${subtype}`))

/**
 * Whether an entry is acceptable through a range WIDER than it (`image/*` or `*` + `/*` for `image/png`,
 * `*` + `/*` for `image/*`), given the highest weight of each listed range that bears on an entry. Such an
 * entry takes the weight of the most specific listed range that covers it (RFC 9110 §12.5.1): the entry's
 * own, if listed (and then it was acceptable only with a weight above 0, which the walk already saw), else
 * its type's `type/*`, else `*` + `/*`. Counted over the listed ranges, not the entries: the time does not
 * grow with the list.
 */
const acceptableThroughWiderRange = (
  weights: ReadonlyMap<string, WeightedRange>,
  entries: MediaTypeIndex,
): boolean => {
  const exactListed = new Map<string, number>()
  for (const { type, subtype } of weights.values()) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: `*/*` counted under `*` is never read: no `*/*`-typed `type/*` range exists, and the last loop finds `*/*` listed.
    if (type !== '*' && subtype !== '*') exactListed.set(type, (exactListed.get(type) ?? 0) + 1)
  }
  let wholeTypesListed = 0
  let exactCovered = 0
  for (const { type, subtype, q } of weights.values()) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: `*/*` adds nothing here: no entry is of type `*`.
    if (type === '*' || subtype !== '*') continue
    const exact = entries.exactPerType.get(type) ?? 0
    // The exact entries of this type that are not listed themselves take this range's weight.
    if (q > 0 && exact > (exactListed.get(type) ?? 0)) return true
    if (entries.wholeTypes.has(type)) wholeTypesListed++
    exactCovered += exact
  }
  for (const [type, listed] of exactListed) {
    if (!weights.has(`${type}/*`)) exactCovered += listed
  }
  const any = weights.get('*/*')
  if (any === undefined || any.q === 0) return false
  // Entries that no narrower listed range covers take the weight of `*` + `/*`.
  return entries.wholeTypes.size > wholeTypesListed || entries.exactTypes.size > exactCovered
}

/**
 * HTTP content negotiation (RFC 9110 §12.5.1), for gateways that always decode: the request accepts the
 * binary response when some media type an entry covers is acceptable. Wildcards count on both sides. The
 * weight of a media type is that of the most specific range that covers it, so `image/png;q=0, *` + `/*`
 * refuses `image/png`; a weight of 0 means "not acceptable". With no Accept header, every type is.
 *
 * One walk over the header: a range with a weight above 0 that lies within an entry decides at once; the
 * others are kept only if they bear on an entry, each once with its highest weight. Linear in the header,
 * whatever it holds, and independent of the list's length.
 */
export const negotiatedMatches = (
  accept: string | undefined,
  binaryMediaTypes: MediaTypeIndex,
): boolean => {
  if (accept === undefined) return true
  const weights = new Map<string, WeightedRange>()
  const decided = eachAcceptRange(accept, (range) => {
    if (range.q > 0 && coversAnEntry(range, binaryMediaTypes)) return STOP
    if (!weighsOnAnEntry(range, binaryMediaTypes)) return undefined
    const key = formatMediaRange(range)
    const listed = weights.get(key)
    // Stryker disable next-line EqualityOperator: a range of the same key and weight replaces an equal one.
    if (listed === undefined || range.q > listed.q) weights.set(key, range)
    return undefined
  })
  return decided || acceptableThroughWiderRange(weights, binaryMediaTypes)
}

/** Whether the request accepts a binary response under `rule`. */
export const acceptsUnder = (
  rule: DecodingRule,
  accept: string | undefined,
  binaryMediaTypes: MediaTypeIndex,
): boolean =>
  rule === 'rest-api'
    ? firstMediaTypeMatches(accept, binaryMediaTypes)
    : negotiatedMatches(accept, binaryMediaTypes)
