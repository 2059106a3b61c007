/**
 * Media types and the two rules that decide whether a request accepts a binary response.
 *
 * Parsing is linear in the header's length and never throws: an Accept header is client input.
 */

/** A media type or range in lowercase parts: `image/png`, `image/*` or `*` + `/*`. */
export interface MediaRange {
  readonly type: string
  readonly subtype: string
}

interface WeightedRange extends MediaRange {
  readonly q: number
}

// RFC 9110 §8.3.1 and §12.5.1: type "/" subtype, each a token (§5.6.2), no whitespace around the slash.
const MEDIA_RANGE = /^([!#$%&'*+.^_`|~0-9a-z-]+)\/([!#$%&'*+.^_`|~0-9a-z-]+)$/
// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/

/**
 * Parses `type/subtype`, `type/*` or `*` + `/*` (any case, no parameters). A `*` type with a concrete subtype
 * is not a media range. Returns `undefined` for anything else.
 */
export const parseMediaRange = (text: string): MediaRange | undefined => {
  const match = MEDIA_RANGE.exec(text.toLowerCase())
  if (match === null) return undefined
  // Both groups take part in every match.
  const [, type, subtype] = match as unknown as [string, string, string]
  if (type === '*' && subtype !== '*') return undefined
  return { type, subtype }
}

export const formatMediaRange = ({ type, subtype }: MediaRange): string => `${type}/${subtype}`

const QUOTE = 34 // "
const BACKSLASH = 92

/** Splits on a separator that is not inside a quoted-string (RFC 9110 §5.6.4). */
const splitOutsideQuotes = (text: string, separator: ',' | ';'): string[] => {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a fast path; without quotes the loop below splits the same way.
  if (!text.includes('"')) return text.split(separator)
  const parts: string[] = []
  const code = separator.charCodeAt(0)
  let start = 0
  let quoted = false
  // Stryker disable next-line EqualityOperator: one step past the end reads NaN, which matches no character.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (quoted) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) quoted = false
    } else if (c === QUOTE) quoted = true
    else if (c === code) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}

/**
 * Reads the weight of one media range from its parameters. Only `q` counts; other parameters and
 * accept-extensions are ignored. A malformed weight (`q=abc`, `q=1.5`, `q=-1`) returns `undefined`: the
 * range is unreadable and is ignored, as if the client had not sent it.
 */
const readWeight = (parameters: readonly string[]): number | undefined => {
  for (let i = 1; i < parameters.length; i++) {
    const parameter = parameters[i] as string
    const equals = parameter.indexOf('=')
    if (equals === -1 || parameter.slice(0, equals).trim().toLowerCase() !== 'q') continue
    const value = parameter.slice(equals + 1).trim()
    return QVALUE.test(value) ? Number(value) : undefined
  }
  return 1
}

/** The media ranges of an Accept header with their weights, in the order sent. Malformed ranges are dropped. */
export const parseAccept = (header: string): WeightedRange[] => {
  const ranges: WeightedRange[] = []
  for (const element of splitOutsideQuotes(header, ',')) {
    const parameters = splitOutsideQuotes(element, ';')
    const range = parseMediaRange((parameters[0] as string).trim())
    if (range === undefined) continue
    const q = readWeight(parameters)
    if (q !== undefined) ranges.push({ type: range.type, subtype: range.subtype, q })
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
  const element = comma === -1 ? accept : accept.slice(0, comma)
  const semicolon = element.indexOf(';')
  const first = parseMediaRange((semicolon === -1 ? element : element.slice(0, semicolon)).trim())
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
  const ranges = parseAccept(accept)
  const weights = new Map<string, number>()
  for (const range of ranges) {
    const key = formatMediaRange(range)
    // A range listed twice counts with its higher weight.
    weights.set(key, Math.max(range.q, weights.get(key) ?? 0))
  }
  // Only asked of a set that `range` covers, so one of the three keys is always present.
  const weightOf = ({ type, subtype }: MediaRange): number =>
    (weights.get(`${type}/${subtype}`) ?? weights.get(`${type}/*`) ?? weights.get('*/*')) as number
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
