/**
 * A bound on the size of a response's JSON, computed without serializing it: most responses are far under
 * their limit, and a walk over the envelope's few fields settles that in a fraction of what
 * `JSON.stringify` takes. Only when the bound is over the limit is the exact size measured.
 */

/** How deep the walk goes: an envelope's values sit at depth 3 at most (Lambda@Edge's header entries). */
const MAX_DEPTH = 8

/**
 * At most the UTF-8 bytes of the string in JSON: each UTF-16 unit takes 6 bytes at most (`\u001f`, a lone
 * surrogate's `\udc00`; a character outside ASCII takes 3 bytes, or 4 for a pair of units), plus the quotes.
 */
const stringBound = (text: string): number => 6 * text.length + 2

/** Whether JSON leaves a value out of an object (and writes `null` for it in an array). */
const omitted = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol'

const isPlain = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null || Array.isArray(value)
}

const bound = (value: unknown, depth: number): number => {
  if (typeof value === 'string') return stringBound(value)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).length : 4
  if (typeof value === 'boolean') return value ? 4 : 5
  if (value === null) return 4
  // A BigInt, a value JSON writes through toJSON or as something else than its fields (a Date, a Buffer, a
  // boxed primitive, a class instance) or a structure deeper than an envelope's: no bound, so it is measured.
  if (
    typeof value !== 'object' ||
    depth > MAX_DEPTH ||
    !isPlain(value) ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return Number.POSITIVE_INFINITY
  }
  if (Array.isArray(value)) {
    let size = 1 + value.length
    for (const item of value) size += omitted(item) ? 4 : bound(item, depth + 1)
    // `[]` is 2; each further item adds a comma.
    return value.length === 0 ? 2 : size
  }
  let size = 1
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    const item = (value as Record<string, unknown>)[key]
    if (omitted(item)) continue
    // The key quoted, its colon, the value, and a comma or the closing brace.
    size += stringBound(key) + 1 + bound(item, depth + 1) + 1
  }
  // Each member adds more than nothing: still 1, the object had none, and `{}` is 2.
  return size === 1 ? 2 : size
}

/**
 * Never less than `Buffer.byteLength(JSON.stringify(value))`, and equal to it when every character of the
 * value's strings takes 6 bytes in JSON. Infinite for a value it does not walk (see `bound`), and for one
 * that throws while it is read: the exact measure then decides, and reports what JSON makes of it.
 */
export const jsonSizeBound = (value: unknown): number => {
  try {
    return bound(value, 0)
  } catch {
    return Number.POSITIVE_INFINITY
  }
}
