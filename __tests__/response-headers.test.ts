import { describe, expect, test } from '@jest/globals'
import {
  responseHeaderValues,
  varyWithAccept,
  writeResponseHeaders,
} from '../src/response-headers.js'

describe('varyWithAccept', () => {
  test.each([
    [[], 'Accept'],
    [['Origin'], 'Origin, Accept'],
    [['Origin, Accept-Encoding'], 'Origin, Accept-Encoding, Accept'],
    [['Accept'], 'Accept'],
    [['accept'], 'accept'],
    [['Origin', 'origin, Accept'], 'Origin, Accept'],
    [['*'], '*'],
    [['Origin, *'], 'Origin, *'],
    [[' , Origin ,, '], 'Origin, Accept'],
    [[''], 'Accept'],
  ])('%j → %j', (existing, expected) => {
    expect(varyWithAccept(existing)).toBe(expected)
  })
})

describe('responseHeaderValues', () => {
  test('reads both containers, any case, strings only', () => {
    const proxy = {
      headers: { Vary: 'Origin', vary: 3 },
      multiValueHeaders: { VARY: ['Accept-Encoding', null], other: ['x'] },
    }
    expect(responseHeaderValues(proxy, 'vary')).toEqual(['Origin', 'Accept-Encoding'])
  })
})

describe('writeResponseHeaders', () => {
  const set = { 'Content-Type': 'image/png', Vary: 'Origin, Accept' }

  test.each([
    ['no headers at all', {}, { headers: set }],
    [
      'keeps other headers, replaces every case of the set names',
      { headers: { 'cache-control': 'max-age=60', 'content-type': 'x/y', VARY: 'Origin' } },
      { headers: { 'cache-control': 'max-age=60', ...set } },
    ],
    [
      'keeps multiValueHeaders, without the set names',
      {
        headers: { a: '1' },
        multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'], 'Content-Type': ['x/y'] },
      },
      { headers: { a: '1', ...set }, multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] } },
    ],
    ['headers null', { headers: null }, { headers: set }],
  ])('into headers: %s', (_name, proxy, expected) => {
    expect(writeResponseHeaders(proxy, 'headers', set)).toEqual(expected)
  })

  test.each([
    [
      'no headers at all',
      {},
      { multiValueHeaders: { 'Content-Type': ['image/png'], Vary: ['Origin, Accept'] } },
    ],
    [
      'single values move over as arrays',
      { headers: { 'Cache-Control': 'max-age=60', 'X-Count': 3 } },
      {
        multiValueHeaders: {
          'Cache-Control': ['max-age=60'],
          'X-Count': [3],
          'Content-Type': ['image/png'],
          Vary: ['Origin, Accept'],
        },
      },
    ],
    [
      'where both name a header, multiValueHeaders wins',
      { headers: { 'set-cookie': 'c=3' }, multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] } },
      {
        multiValueHeaders: {
          'Set-Cookie': ['a=1', 'b=2'],
          'Content-Type': ['image/png'],
          Vary: ['Origin, Accept'],
        },
      },
    ],
    [
      'the set names replace any case in either container',
      { headers: { vary: 'Origin' }, multiValueHeaders: { 'content-type': ['x/y'] } },
      { multiValueHeaders: { 'Content-Type': ['image/png'], Vary: ['Origin, Accept'] } },
    ],
  ])('into multiValueHeaders: %s', (_name, proxy, expected) => {
    const written = writeResponseHeaders(proxy, 'multiValueHeaders', set)
    expect(written).toEqual(expected)
    expect(written).not.toHaveProperty('headers')
  })

  test('never mutates the handler’s objects', () => {
    const headers = { 'Content-Type': 'x/y', a: '1' }
    const multiValueHeaders = { Vary: ['Origin'] }
    const proxy = { headers, multiValueHeaders }
    const before = structuredClone(proxy)
    writeResponseHeaders(proxy, 'headers', set)
    writeResponseHeaders(proxy, 'multiValueHeaders', set)
    expect(proxy).toEqual(before)
    expect(proxy.headers).toBe(headers)
  })
})
