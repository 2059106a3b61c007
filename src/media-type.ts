/**
 * The grammar of media types (RFC 9110 §8.3.1, §5.6), written once: the token characters, a media range,
 * the range that opens a list element, quoted-strings, and the parameters of a Content-Type; and the
 * configured binary media types as sets.
 *
 * Every function here is linear in its input and never throws: Accept headers are client input.
 */

/** A media type or range in lowercase parts: `image/png`, `image/*` or `*` + `/*`. */
export interface MediaRange {
  readonly type: string
  readonly subtype: string
}

// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
const TCHAR = "!#$%&'*+.^_`|~0-9A-Za-z-"
const TOKEN = new RegExp(`^[${TCHAR}]+$`)
// type "/" subtype, each a token, no whitespace around the slash.
const MEDIA_RANGE = new RegExp(`^([${TCHAR}]+)/([${TCHAR}]+)$`)

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

/**
 * The configured binary media types as sets, so that a request is matched in time that does not grow with
 * the list: whether `*` + `/*` is listed, the types listed as `type/*`, the exact `type/subtype`s, and how
 * many exact entries each type has.
 */
export interface MediaTypeIndex {
  readonly anyType: boolean
  readonly wholeTypes: ReadonlySet<string>
  readonly exactTypes: ReadonlySet<string>
  readonly exactPerType: ReadonlyMap<string, number>
}

export const indexMediaTypes = (entries: readonly MediaRange[]): MediaTypeIndex => {
  const wholeTypes = new Set<string>()
  const exactTypes = new Set<string>()
  const exactPerType = new Map<string, number>()
  let anyType = false
  for (const entry of entries) {
    if (entry.type === '*') anyType = true
    else if (entry.subtype === '*') wholeTypes.add(entry.type)
    else {
      const key = formatMediaRange(entry)
      if (exactTypes.has(key)) continue
      exactTypes.add(key)
      exactPerType.set(entry.type, (exactPerType.get(entry.type) ?? 0) + 1)
    }
  }
  return { anyType, wholeTypes, exactTypes, exactPerType }
}

/**
 * The media range that opens a list element or a Content-Type: everything before its first `;`, between
 * optional whitespace. A media range holds no quote, so that `;` is never inside a quoted-string.
 */
export const leadingMediaRange = (element: string): MediaRange | undefined => {
  const semicolon = element.indexOf(';')
  return parseMediaRange((semicolon === -1 ? element : element.slice(0, semicolon)).trim())
}

const QUOTE = 34 // "
const BACKSLASH = 92 // \
const SPACE = 32
const TAB = 9
const SEMICOLON = 59 // ;
const EQUALS = 61 // =

/**
 * Where the quoted-string (RFC 9110 §5.6.4) that opens at `open` ends: the index just past its closing
 * quote, or -1 when it is never closed. A backslash quotes the character after it.
 */
const quotedStringEnd = (text: string, open: number): number => {
  // Stryker disable next-line EqualityOperator: past the end `charCodeAt` is NaN, neither quote nor backslash.
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === BACKSLASH) i++
    else if (c === QUOTE) return i + 1
  }
  return -1
}

/**
 * The index of the first `delimiter` (a character code) at or after `from` that is not inside a
 * quoted-string, or `text.length` when there is none. An unclosed quoted-string runs to the end.
 */
export const indexOutsideQuotes = (text: string, delimiter: number, from: number): number => {
  // Stryker disable next-line EqualityOperator: past the end `charCodeAt` is NaN, neither the delimiter nor a quote.
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === delimiter) return i
    if (c === QUOTE) {
      const end = quotedStringEnd(text, i)
      if (end === -1) return text.length
      i = end - 1
    }
  }
  return text.length
}

const isWhitespace = (c: number): boolean => c === SPACE || c === TAB

const DELETE = 0x7f

/** RFC 9110 §5.5, §5.6.4: no control character but HTAB belongs in a header value, quoted or not. */
const hasControlCharacter = (text: string): boolean => {
  // Stryker disable next-line EqualityOperator: past the end `charCodeAt` is NaN, no control character.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c < SPACE && c !== TAB) || c === DELETE) return true
  }
  return false
}

/**
 * Each parameter of a parameter list (`; name=value` repeated, RFC 9110 §5.6.6), from the `;` at `from`,
 * split on the `;`s outside quoted-strings: `visit` gets the parameter's `[start, end)` and the index of its
 * first `=` (-1 when it has none), and stops the walk by returning anything but `undefined`.
 */
export const eachParameter = <T>(
  text: string,
  from: number,
  visit: (start: number, end: number, equals: number) => T | undefined,
): T | undefined => {
  for (let start = from; start < text.length; ) {
    const end = indexOutsideQuotes(text, SEMICOLON, start + 1)
    let equals = start + 1
    // Bounded by the parameter's end: a hostile header may hold thousands of parameters without an `=`.
    // Stryker disable next-line EqualityOperator: at `end` stands the next `;` or nothing, never an `=`.
    while (equals < end && text.charCodeAt(equals) !== EQUALS) equals++
    // Stryker disable next-line UnaryOperator: an `=` at index 1 lies before the parameter, so it reads as none all the same.
    const result = visit(start + 1, end, equals < end ? equals : -1)
    if (result !== undefined) return result
    start = end
  }
  return undefined
}

/** `text[start, end)` without the optional whitespace (OWS: spaces and tabs) at either end. */
const withoutWhitespace = (text: string, start: number, end: number): [number, number] => {
  let from = start
  let to = end
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the character at `to` (`;` or the end) is no whitespace, so the walk stops there anyway.
  while (from < to && isWhitespace(text.charCodeAt(from))) from++
  // Stryker disable next-line ConditionalExpression,EqualityOperator: before a value stands its `=`, no whitespace, so the walk stops there anyway.
  while (to > from && isWhitespace(text.charCodeAt(to - 1))) to--
  return [from, to]
}

/** Whether `text[start, end)`, between optional whitespace, is `name` in any case (`name` is lowercase). */
export const isParameterName = (
  text: string,
  start: number,
  end: number,
  name: string,
): boolean => {
  const [from, to] = withoutWhitespace(text, start, end)
  return text.slice(from, to).toLowerCase() === name
}

/**
 * Whether `text[start, end)` is one well-formed parameter: OWS, a token, `=`, then a token or a
 * quoted-string. Whitespace may follow the value only when another parameter does.
 */
const isParameter = (
  text: string,
  start: number,
  end: number,
  equals: number,
  last: boolean,
): boolean => {
  // Stryker disable next-line ConditionalExpression,UnaryOperator: without it the value would be read from the start of the text, whose type holds a `/`, which no token does.
  if (equals === -1) return false
  let nameStart = start
  while (isWhitespace(text.charCodeAt(nameStart))) nameStart++
  if (!TOKEN.test(text.slice(nameStart, equals))) return false
  // Stryker disable next-line ArithmeticOperator: only the trimmed end is used, and the trim stops at the `=` either way.
  const valueEnd = last ? end : withoutWhitespace(text, equals + 1, end)[1]
  const value = equals + 1
  if (text.charCodeAt(value) === QUOTE) return quotedStringEnd(text, value) === valueEnd
  return TOKEN.test(text.slice(value, valueEnd))
}

/**
 * A concrete media type (no wildcard) with optional well-formed parameters, as a Content-Type must be
 * (RFC 9110 §8.3.1): `text/plain; charset="utf-8"`. Anything else (a wildcard, whitespace around the type,
 * a line break, a stray character) is not a Content-Type.
 */
export const isContentType = (value: unknown): boolean => {
  if (typeof value !== 'string' || hasControlCharacter(value)) return false
  const semicolon = value.indexOf(';')
  const type = parseMediaRange(semicolon === -1 ? value : value.slice(0, semicolon))
  if (type === undefined || type.subtype === '*') return false
  if (semicolon === -1) return true
  const valid = eachParameter(value, semicolon, (start, end, equals) =>
    // Stryker disable next-line BooleanLiteral: any answer but `undefined` stops the walk and means invalid.
    isParameter(value, start, end, equals, end === value.length) ? undefined : false,
  )
  return valid === undefined
}
