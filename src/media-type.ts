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

const COMMA = 44

/** The elements of a comma-separated list, splitting on commas outside quoted-strings (RFC 9110 §5.6.1, §5.6.4). */
const listElements = (text: string): string[] => {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a fast path; without quotes the loop below splits the same way.
  if (!text.includes('"')) return text.split(',')
  const parts: string[] = []
  let start = 0
  let quoted = false
  // Stryker disable next-line EqualityOperator: one step past the end reads NaN, which matches no character.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (quoted) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) quoted = false
    } else if (c === QUOTE) quoted = true
    else if (c === COMMA) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}

const SPACE = 32
const TAB = 9
const SEMICOLON = 59
const EQUALS = 61
const LOWER_Q = 113

/** Whether a parameter's name, `text[from, equals)` between optional whitespace (OWS), is `q` in any case. */
const isWeightName = (text: string, from: number, equals: number): boolean => {
  let i = from
  const skipSpace = () => {
    while (i < equals && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++
  }
  skipSpace()
  // ASCII letters differ from their lowercase only in bit 0x20.
  if ((text.charCodeAt(i) | 0x20) !== LOWER_Q) return false
  i++
  skipSpace()
  return i === equals
}

/**
 * Reads the weight of a media range from the parameters that follow it, `element` from the `;` at
 * `semicolon` on. Only `q` counts; other parameters and accept-extensions are ignored. A malformed weight
 * (`q=abc`, `q=1.5`, `q=-1`) returns `undefined`: the range is unreadable and is ignored, as if the client
 * had not sent it. Scanned in place, one pass and no slicing until `q` is found, with `;` and `=` inside a
 * quoted value skipped: a hostile header may carry thousands of parameters.
 */
const readWeight = (element: string, semicolon: number): number | undefined => {
  let start = semicolon
  while (start !== -1) {
    let equals = -1
    let quoted = false
    let end = start + 1
    for (; end < element.length; end++) {
      const c = element.charCodeAt(end)
      if (quoted) {
        if (c === BACKSLASH) end++
        else if (c === QUOTE) quoted = false
      } else if (c === QUOTE) quoted = true
      else if (c === SEMICOLON) break
      else if (c === EQUALS && equals === -1) equals = end
    }
    if (equals !== -1 && isWeightName(element, start + 1, equals)) {
      const value = element.slice(equals + 1, end).trim()
      return QVALUE.test(value) ? Number(value) : undefined
    }
    start = end < element.length ? end : -1
  }
  return 1
}

/** One element of an Accept header: a media range and its weight, or `undefined` when unreadable. */
const parseElement = (element: string): WeightedRange | undefined => {
  // A media range holds no quote, so its first `;` ends it.
  const semicolon = element.indexOf(';')
  const range = parseMediaRange((semicolon === -1 ? element : element.slice(0, semicolon)).trim())
  if (range === undefined) return undefined
  const q = readWeight(element, semicolon)
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
