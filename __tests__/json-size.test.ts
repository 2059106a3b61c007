/**
 * jsonSizeBound: never less than the JSON's UTF-8 size, equal to it when every character of every string
 * takes 6 bytes in JSON, and infinite where it does not walk (so the exact measure decides).
 */
import { describe, expect, test } from '@jest/globals'
import * as fc from 'fast-check'
import { jsonSizeBound } from '../src/response/json-size.js'

const exact = (value: unknown): number => Buffer.byteLength(JSON.stringify(value))

// Characters JSON writes as a 6-byte `\uXXXX`: control characters without a short escape, and low
// surrogates standing alone (two of them never form a pair).
const sixByteString = fc.string({
  unit: fc.constantFrom('\u0000', '\u0001', '\u000b', '\u001f', '\udc00'),
})
const anyString = fc.string({ unit: 'binary' })
const values = (text: fc.Arbitrary<string>) =>
  fc.anything({
    key: text,
    values: [text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null)],
    maxDepth: 4,
  })

const sparse: unknown[] = []
sparse[1] = 1

describe('jsonSizeBound', () => {
  test.each([
    ['the empty string', '', 2],
    ['a string of escapes', '\u0000\u001f', 14],
    ['a number', -12.5, 5],
    ['NaN, written null', Number.NaN, 4],
    ['Infinity, written null', Number.POSITIVE_INFINITY, 4],
    ['true', true, 4],
    ['false', false, 5],
    ['null', null, 4],
    ['an empty object', {}, 2],
    ['an empty array', [], 2],
    ['an object of omitted values', { a: undefined, b: () => 1, c: Symbol('c') }, 2],
    ['an array of omitted values, written null', [undefined, () => 1, Symbol('c')], 16],
    ['a sparse array', sparse, 8],
    ['an object of two numbers', { '\u0000': 1, '\u0001': 22 }, 24],
    ['an object without a prototype', Object.assign(Object.create(null), { '\u0000': 0 }), 12],
  ])('%s', (_name, value, expected) => {
    expect(jsonSizeBound(value)).toBe(expected)
    expect(jsonSizeBound(value)).toBeGreaterThanOrEqual(exact(value))
  })

  test('a key JSON does not write is not counted: inherited, or not enumerable', () => {
    const inheriting = Object.assign(Object.create(null), { '\u0000': 1 }) as Record<
      string,
      unknown
    >
    Object.setPrototypeOf(inheriting, Object.assign(Object.create(null), { inherited: 'x' }))
    // Its prototype is neither Object.prototype nor null: a class of its own, measured exactly.
    expect(jsonSizeBound(inheriting)).toBe(Number.POSITIVE_INFINITY)
    const polluted = Object.create(Object.prototype) as Record<string, unknown>
    polluted['\u0000'] = 1
    Object.defineProperty(Object.prototype, 'inheritedForTest', {
      value: 'x',
      enumerable: true,
      configurable: true,
    })
    try {
      expect(jsonSizeBound(polluted)).toBe(exact(polluted))
    } finally {
      delete (Object.prototype as Record<string, unknown>).inheritedForTest
    }
    const plain: Record<string, unknown> = { '\u0000': 1 }
    Object.defineProperty(plain, 'hidden', { value: 'x', enumerable: false })
    expect(jsonSizeBound(plain)).toBe(exact(plain))
  })

  class Point {
    x = 1
  }
  const throwing = {
    get value() {
      throw new Error('no')
    },
  }
  test.each([
    ['a BigInt', { size: 10n }],
    ['a Date', { when: new Date(0) }],
    ['a Buffer', { bytes: Buffer.from('x') }],
    ['a boxed number', { n: new Number(1e21) }],
    ['a boxed boolean', { b: new Boolean(false) }],
    ['a class instance', { p: new Point() }],
    ['an object with toJSON', { v: { toJSON: () => 'x' } }],
    ['an array with toJSON', Object.assign([1], { toJSON: () => 'x' })],
    ['a getter that throws', throwing],
    ['undefined at the top', undefined],
  ])('%s: no bound', (_name, value) => {
    expect(jsonSizeBound(value)).toBe(Number.POSITIVE_INFINITY)
  })

  const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) })
  const nestedArrays = (depth: number): unknown => (depth === 0 ? 1 : [nestedArrays(depth - 1)])
  test('walks eight levels below the value, no deeper (a cycle ends there too)', () => {
    expect(jsonSizeBound(nested(9))).toBe(exact(nested(9)) + 5 * 9)
    expect(jsonSizeBound(nested(10))).toBe(Number.POSITIVE_INFINITY)
    expect(jsonSizeBound(nestedArrays(9))).toBe(exact(nestedArrays(9)))
    expect(jsonSizeBound(nestedArrays(10))).toBe(Number.POSITIVE_INFINITY)
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(jsonSizeBound(cycle)).toBe(Number.POSITIVE_INFINITY)
  })

  test('is never less than the JSON’s UTF-8 size', () => {
    fc.assert(
      fc.property(values(anyString), (value) => {
        expect(jsonSizeBound(value)).toBeGreaterThanOrEqual(exact(value))
      }),
      { numRuns: 2000 },
    )
  })

  test('is the JSON’s size when every character takes 6 bytes', () => {
    fc.assert(
      fc.property(values(sixByteString), (value) => {
        expect(jsonSizeBound(value)).toBe(exact(value))
      }),
      { numRuns: 2000 },
    )
  })
})
