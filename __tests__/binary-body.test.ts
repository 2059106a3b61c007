import { describe, expect, test } from '@jest/globals'
import { findBinaryResult, isBinaryBody, viewBytes } from '../src/binary-body.js'

const bytes = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]
const backing = () => new Uint8Array(bytes).buffer

/** Containers viewing bytes 4..12 of a larger buffer, and what each must yield. */
const containers: Array<[string, () => object, number[]]> = [
  ['Buffer', () => Buffer.from(bytes), bytes],
  ['Buffer slice', () => Buffer.from(bytes).subarray(4, 12), bytes.slice(4, 12)],
  ['Uint8Array', () => new Uint8Array(bytes), bytes],
  ['Uint8Array at an offset', () => new Uint8Array(backing(), 4, 8), bytes.slice(4, 12)],
  ['Uint8ClampedArray', () => new Uint8ClampedArray(backing(), 2, 3), bytes.slice(2, 5)],
  ['Int8Array', () => new Int8Array(backing(), 1, 2), bytes.slice(1, 3)],
  ['Uint16Array at an offset', () => new Uint16Array(backing(), 4, 2), bytes.slice(4, 8)],
  ['Float64Array', () => new Float64Array(backing(), 8, 1), bytes.slice(8, 16)],
  ['BigUint64Array', () => new BigUint64Array(backing(), 0, 1), bytes.slice(0, 8)],
  ['DataView at an offset', () => new DataView(backing(), 3, 5), bytes.slice(3, 8)],
  ['ArrayBuffer', () => backing(), bytes],
  [
    'SharedArrayBuffer',
    () => {
      const shared = new SharedArrayBuffer(3)
      new Uint8Array(shared).set([7, 8, 9])
      return shared
    },
    [7, 8, 9],
  ],
  ['empty Uint8Array', () => new Uint8Array(0), []],
  ['empty ArrayBuffer', () => new ArrayBuffer(0), []],
]

describe('isBinaryBody and viewBytes', () => {
  test.each(containers)('%s: exactly the bytes it views', (_name, make, expected) => {
    const container = make()
    expect(isBinaryBody(container)).toBe(true)
    const view = viewBytes(container as ArrayBufferView)
    expect(view).toBeInstanceOf(Buffer)
    expect([...(view as Buffer)]).toEqual(expected)
  })

  test('shares memory with the container: no copy', () => {
    const buffer = backing()
    const view = viewBytes(new Uint8Array(buffer, 4, 8)) as Buffer
    expect(view.buffer).toBe(buffer)
    new Uint8Array(buffer)[4] = 0xff
    expect(view[0]).toBe(0xff)
  })

  test('a Buffer subclass is read as plain bytes, whatever its toString does', () => {
    class Shouting extends Buffer {
      override toString(): string {
        return 'SHOUT'
      }
    }
    const shouting = Buffer.from(bytes)
    Object.setPrototypeOf(shouting, Shouting.prototype)
    const view = viewBytes(shouting) as Buffer
    expect(Object.getPrototypeOf(view)).toBe(Buffer.prototype)
    expect(view.toString('base64')).toBe(Buffer.from(bytes).toString('base64'))
  })

  test.each([
    ['ArrayBuffer', (buffer: ArrayBuffer) => buffer],
    ['view on it', (buffer: ArrayBuffer) => new Uint8Array(buffer)],
  ])('a detached %s yields undefined: its bytes are gone', (_name, wrap) => {
    const buffer = backing()
    const container = wrap(buffer)
    structuredClone(buffer, { transfer: [buffer] })
    expect(viewBytes(container)).toBeUndefined()
  })

  test.each([
    ['string', 'PNG'],
    ['number', 42],
    ['null', null],
    ['undefined', undefined],
    ['array of numbers', [137, 80]],
    ['Buffer JSON', { type: 'Buffer', data: [137, 80] }],
    ['Blob', new Blob(['x'])],
  ])('%s is not binary', (_name, value) => {
    expect(isBinaryBody(value)).toBe(false)
  })
})

describe('findBinaryResult', () => {
  const png = Buffer.from(bytes)

  test.each([
    ['the bytes alone', png, { body: png, proxy: undefined }],
    ['a proxy result', { statusCode: 201, body: png }, 'proxy'],
    ['a proxy result without statusCode', { body: png }, 'proxy'],
    ['isBase64Encoded: false with binary body', { body: png, isBase64Encoded: false }, 'proxy'],
    ['an ArrayBuffer body', { body: png.buffer }, 'proxy'],
  ])('%s is found', (_name, result, expected) => {
    const found = findBinaryResult(result)
    if (expected === 'proxy')
      expect(found).toEqual({
        body: (result as { body: unknown }).body,
        proxy: result,
      })
    else expect(found).toEqual(expected)
    if (found?.proxy !== undefined) expect(found.proxy).toBe(result)
  })

  test.each([
    ['a JSON object', { message: 'hello' }],
    ['an array', [png]],
    ['a string', 'hello'],
    ['a number', 3],
    ['null', null],
    ['undefined', undefined],
    ['a proxy result with a string body', { statusCode: 200, body: 'hello' }],
    ['a proxy result already encoded', { statusCode: 200, body: png, isBase64Encoded: true }],
    ['a proxy result without body', { statusCode: 204 }],
  ])('%s is not', (_name, result) => {
    expect(findBinaryResult(result)).toBeUndefined()
  })
})
