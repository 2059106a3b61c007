import { describe, expect, test } from '@jest/globals'
import {
  ACCEPT_ELEMENT_LIMIT,
  firstMediaTypeMatches,
  negotiatedMatches,
  parseAccept,
} from '../src/accept.js'
import {
  indexMediaTypes,
  isContentType,
  type MediaTypeIndex,
  parseMediaRange,
} from '../src/media-type.js'
import { ACCEPT } from './support/events.js'

const list = (...entries: string[]): MediaTypeIndex =>
  indexMediaTypes(
    entries.map((entry) => {
      const range = parseMediaRange(entry)
      if (range === undefined) throw new Error(`bad test entry ${entry}`)
      return range
    }),
  )

describe('parseMediaRange', () => {
  test.each([
    ['image/png', { type: 'image', subtype: 'png' }],
    ['IMAGE/PNG', { type: 'image', subtype: 'png' }],
    ['image/*', { type: 'image', subtype: '*' }],
    ['*/*', { type: '*', subtype: '*' }],
    ['application/vnd.ms-excel', { type: 'application', subtype: 'vnd.ms-excel' }],
    ['image/svg+xml', { type: 'image', subtype: 'svg+xml' }],
  ])('%j parses', (text, expected) => {
    expect(parseMediaRange(text)).toEqual(expected)
  })

  test.each([
    '',
    'image',
    'image/',
    '/png',
    'image/png/x',
    '*/png',
    'image /png',
    'image/ png',
    ' image/png',
    'image/png;q=1',
    'ima ge/png',
    'imäge/png',
    '"image"/png',
  ])('%j is not a media range', (text) => {
    expect(parseMediaRange(text)).toBeUndefined()
  })
})

describe('isContentType', () => {
  test.each([
    'x/y',
    'text/plain;charset=utf-8',
    'text/plain; charset="utf-8"',
    'text/plain; a=b ;c="d;e"',
    'text/plain;\ta=b',
    'a/b; q="x\\"y"',
    'text/plain; a="b" ;c=d',
    'text/plain; a=""',
  ])('%j is one', (value) => {
    expect(isContentType(value)).toBe(true)
  })

  test.each([
    ' text/plain',
    'text/plain ',
    'text/plain ;a=b',
    'text/plain;',
    'text/plain;;a=b',
    'text/plain; a=b ',
    'text/plain; a =b',
    'text/plain; a= b',
    'text/plain; a="b',
    'text/plain; a="b"c',
    'text/plain; a=b c',
    'text/plain; a="b" ',
    'text/plain; charset',
    'text/plain;=b',
    'text/plain; a="\\"',
    // A line break inside a quoted value would split the header: RFC 9110 §5.5 allows no control character.
    'text/plain; a="x\r\nX-Injected: 1"',
    'text/plain; a="\u0000"',
    'text/plain; a="\u007f"',
    '*/*',
    'image/*',
    'a/b;c=d;',
  ])('%j is not', (value) => {
    expect(isContentType(value)).toBe(false)
  })

  test('a tab is no control character here', () => {
    expect(isContentType('text/plain; a="\t"')).toBe(true)
  })

  test.each([42, null, undefined, ['x/y']])('%j is not a string', (value) => {
    expect(isContentType(value)).toBe(false)
  })
})

describe('parseAccept', () => {
  test.each([
    ['image/png', [{ type: 'image', subtype: 'png', q: 1 }]],
    [
      'image/png;q=0.5, text/*;q=0',
      [
        { type: 'image', subtype: 'png', q: 0.5 },
        { type: 'text', subtype: '*', q: 0 },
      ],
    ],
    ['image/png ; Q = 0.25', [{ type: 'image', subtype: 'png', q: 0.25 }]],
    ['image/png;level=1;q=0.3;ext=x', [{ type: 'image', subtype: 'png', q: 0.3 }]],
    ['image/png;\tq\t=\t0.5', [{ type: 'image', subtype: 'png', q: 0.5 }]],
    ['image/png;qq=0.5', [{ type: 'image', subtype: 'png', q: 1 }]],
    ['image/png;xq=0.5', [{ type: 'image', subtype: 'png', q: 1 }]],
    ['image/png;q x=0.5', [{ type: 'image', subtype: 'png', q: 1 }]],
    ['image/png; =0.5', [{ type: 'image', subtype: 'png', q: 1 }]],
    ['image/png;=0.5', [{ type: 'image', subtype: 'png', q: 1 }]],
    ['image/png;p=0;q=0.2', [{ type: 'image', subtype: 'png', q: 0.2 }]],
    ['image/png;flag;q=0.4', [{ type: 'image', subtype: 'png', q: 0.4 }]],
    ['image/png;x="a;q=0";q=0.5', [{ type: 'image', subtype: 'png', q: 0.5 }]],
    ['image/png;x="a=b";q=0.6', [{ type: 'image', subtype: 'png', q: 0.6 }]],
    ['image/png;x="\\";q=0";q=0.7', [{ type: 'image', subtype: 'png', q: 0.7 }]],
    ['image/png;x="unterminated\\', [{ type: 'image', subtype: 'png', q: 1 }]],
    ['image/png;q=0.5=1', []],
    ['image/png;Q=0.5;q=0', [{ type: 'image', subtype: 'png', q: 0.5 }]],
    // Elements repeated verbatim are parsed once but listed each time.
    [
      'image/png;q=0.5,text/html,image/png;q=0.5',
      [
        { type: 'image', subtype: 'png', q: 0.5 },
        { type: 'text', subtype: 'html', q: 1 },
        { type: 'image', subtype: 'png', q: 0.5 },
      ],
    ],
    ['bad,bad,image/gif', [{ type: 'image', subtype: 'gif', q: 1 }]],
    // A comma inside a quoted value splits nothing; the ones outside still do.
    [
      'text/html;x="a,b";q=0.5, image/png,image/gif;y="c"',
      [
        { type: 'text', subtype: 'html', q: 0.5 },
        { type: 'image', subtype: 'png', q: 1 },
        { type: 'image', subtype: 'gif', q: 1 },
      ],
    ],
    ['image/png;q=1.000', [{ type: 'image', subtype: 'png', q: 1 }]],
    ['image/png;q=1', [{ type: 'image', subtype: 'png', q: 1 }]],
    // A parameter whose name only starts with q, or that has no value, is not a weight.
    ['image/png;qq', [{ type: 'image', subtype: 'png', q: 1 }]],
    ['image/png;qs=0', [{ type: 'image', subtype: 'png', q: 1 }]],
    ['image/png;q=0.', [{ type: 'image', subtype: 'png', q: 0 }]],
    ['image/png;charset', [{ type: 'image', subtype: 'png', q: 1 }]],
    // Malformed weights make the range unreadable: it is dropped.
    ['image/png;q=1.5', []],
    ['image/png;q=-1', []],
    ['image/png;q=abc', []],
    ['image/png;q=0.1234', []],
    ['image/png;q=', []],
    // Commas and semicolons inside a quoted parameter value do not split.
    [
      'image/png;x="a,b;q=0", text/plain',
      [
        { type: 'image', subtype: 'png', q: 1 },
        { type: 'text', subtype: 'plain', q: 1 },
      ],
    ],
    [
      'image/png;x="a\\",b", text/plain;q=0',
      [
        { type: 'image', subtype: 'png', q: 1 },
        { type: 'text', subtype: 'plain', q: 0 },
      ],
    ],
    // What looks like another range, or a weight, inside quotes is part of the parameter value.
    ['image/png;x=", text/html;y="', [{ type: 'image', subtype: 'png', q: 1 }]],
    ['image/png;x=";q=0";q=0.5', [{ type: 'image', subtype: 'png', q: 0.5 }]],
    // After a closed quote, separators split again.
    [
      'image/png;x="a", text/html',
      [
        { type: 'image', subtype: 'png', q: 1 },
        { type: 'text', subtype: 'html', q: 1 },
      ],
    ],
    [',,, ,image/gif,,', [{ type: 'image', subtype: 'gif', q: 1 }]],
    ['garbage, */png, image/png/x', []],
    ['', []],
  ])('%j', (header, expected) => {
    expect(parseAccept(header)).toEqual(expected)
  })
})

describe('firstMediaTypeMatches: the API Gateway REST API rule', () => {
  test.each([
    // [Accept, binaryMediaTypes, decoded?]
    ['image/png', ['image/png'], true],
    ['IMAGE/PNG', ['image/png'], true],
    ['image/png;q=0.8', ['image/png'], true],
    ['image/png;q=0', ['image/png'], true], // q plays no part for API Gateway
    ['image/png , text/html', ['image/png'], true],
    ['image/webp', ['image/*'], true],
    ['image/*', ['image/*'], true],
    ['image/png', ['*/*'], true],
    ['garbage', ['*/*'], true],
    // Only the first media type counts: order, not q-values.
    ['text/html,image/png', ['image/png'], false],
    [ACCEPT.browserNavigation, ['image/*'], false],
    [ACCEPT.browserNavigation, ['application/pdf'], false],
    [ACCEPT.browserImage, ['image/*'], true],
    [ACCEPT.browserImage, ['image/png'], false],
    [ACCEPT.browserImage, ['image/jxl'], true],
    // Wildcards count on the configured side only.
    ['*/*', ['image/png'], false],
    ['image/*', ['image/png'], false],
    ['application/*', ['application/pdf'], false],
    ['*/*', ['image/*'], false],
    ['application/json', ['image/png', 'image/*'], false],
    ['application/pdf', ['image/*', 'application/pdf'], true],
    ['garbage', ['image/png'], false],
    [', image/png', ['image/png'], false],
    ['', ['image/png'], false],
  ])('Accept %j with %j: %s', (accept, entries, expected) => {
    expect(firstMediaTypeMatches(accept, list(...entries))).toBe(expected)
  })

  test.each([
    [['*/*'], true],
    [['image/png', '*/*'], true],
    [['image/*'], false],
    [['application/octet-stream'], false],
  ])('no Accept header with %j: %s', (entries, expected) => {
    expect(firstMediaTypeMatches(undefined, list(...entries))).toBe(expected)
  })
})

describe('negotiatedMatches: HTTP content negotiation', () => {
  test.each([
    // [Accept, binaryMediaTypes, acceptable?]
    ['image/png', ['image/png'], true],
    ['text/html, image/png;q=0.1', ['image/png'], true],
    ['*/*', ['image/png'], true],
    ['image/*', ['image/png'], true],
    ['image/png', ['image/*'], true],
    ['image/png', ['*/*'], true],
    ['*/*', ['*/*'], true],
    ['application/json', ['image/png'], false],
    ['application/json', ['*/*'], true],
    ['application/*', ['image/*'], false],
    ['text/html', ['image/*'], false],
    [ACCEPT.browserNavigation, ['application/pdf'], true],
    [ACCEPT.browserImage, ['image/png'], true],
    [ACCEPT.curl, ['application/pdf'], true],
    // q=0 excludes a range, and the most specific range decides a type's weight.
    ['image/png;q=0', ['image/png'], false],
    ['image/png;q=0, */*', ['image/png'], false],
    ['image/png;q=0, */*', ['image/*'], true],
    ['image/png;q=0, */*', ['*/*'], true],
    ['image/*;q=0, */*', ['image/png'], false],
    ['image/*;q=0, */*', ['image/*'], false],
    ['image/*;q=0, image/png', ['image/*'], true],
    ['image/*;q=0, image/png', ['image/gif'], false],
    // A broader range does not override a narrower one's q=0, in either order.
    ['image/*, image/png;q=0', ['image/png'], false],
    ['image/png;q=0, image/*', ['image/png'], false],
    ['image/*, image/png;q=0', ['image/*'], true],
    ['*/*;q=0', ['image/png'], false],
    // A parameter without a value is not a weight, and does not hide the one after it.
    ['image/png;q', ['image/png'], true],
    ['image/png;x=;q=0', ['image/png'], false],
    // What a wider range leaves to */*: the entries of other types, and those no narrower range weighs.
    ['image/png;q=0, */*;q=0.5', ['image/*', 'image/png'], true],
    ['image/*;q=0, */*', ['image/png', 'application/*'], true],
    ['image/png;q=0, image/*;q=0, */*', ['image/png', 'application/pdf'], true],
    ['image/png;q=0, image/*;q=0, */*', ['image/png', 'image/gif'], false],
    ['*/*;q=0', ['*/*'], false],
    ['*/*;q=0, image/gif;q=0.001', ['*/*'], true],
    ['*/*;q=0, image/gif', ['image/*'], true],
    ['*/*;q=0, text/*', ['image/*'], false],
    // A range listed twice counts with its higher weight, in either order.
    ['image/png;q=0, image/png;q=0.5', ['image/png'], true],
    ['image/png;q=0.5, image/png;q=0', ['image/png'], true],
    ['image/png;q=0, image/png;q=0, */*', ['image/png'], false],
    ['image/png;q=0.5, image/png;q=0.5, image/png;q=0', ['image/png'], true],
    // Malformed ranges and weights are ignored; if nothing readable is left, nothing is acceptable.
    ['garbage', ['*/*'], false],
    ['image/png;q=2', ['image/png'], false],
    ['image/png;q=2, image/*', ['image/png'], true],
    ['IMAGE/PNG', ['image/png'], true],
  ])('Accept %j with %j: %s', (accept, entries, expected) => {
    expect(negotiatedMatches(accept, list(...entries))).toBe(expected)
  })

  // Hostile 64 KB values: the name says what the value is, never the value (test names become regexes).
  // [case, binaryMediaTypes, acceptable?, Accept]: the name's placeholders take the first three only.
  test.each([
    [
      '4,096 weighted ranges, then image/png;q=0',
      ['image/*'],
      false,
      `${'text/html;q=0.9,'.repeat(4096)}image/png;q=0`,
    ],
    ['65,536 commas, then image/png', ['image/png'], true, `${','.repeat(65_536)}image/png`],
  ])('Accept of %s with %j: %s', (_case, entries, expected, accept) => {
    expect(negotiatedMatches(accept, list(...entries))).toBe(expected)
  })

  test.each([[['image/png']], [['*/*']], [['application/octet-stream', 'image/*']]])(
    'no Accept header accepts %j',
    (entries) => {
      expect(negotiatedMatches(undefined, list(...entries))).toBe(true)
    },
  )
})

describe('the Accept element limit', () => {
  const junk = (count: number) => Array.from({ length: count }, (_, i) => `t${i}/s${i}`).join(',')

  test('ranges past the limit are not read', () => {
    const accept = `${junk(ACCEPT_ELEMENT_LIMIT)},image/png`
    expect(parseAccept(accept)).toHaveLength(ACCEPT_ELEMENT_LIMIT)
    expect(negotiatedMatches(accept, list('image/png'))).toBe(false)
  })

  test('the last range within it is', () => {
    const accept = `${junk(ACCEPT_ELEMENT_LIMIT - 1)},image/png`
    expect(parseAccept(accept).at(-1)).toEqual({ type: 'image', subtype: 'png', q: 1 })
    expect(negotiatedMatches(accept, list('image/png'))).toBe(true)
  })

  test('empty elements do not count', () => {
    expect(negotiatedMatches(`${','.repeat(5000)}image/png`, list('image/png'))).toBe(true)
  })

  test('unreadable elements do', () => {
    const accept = `${'bad,'.repeat(ACCEPT_ELEMENT_LIMIT)}image/png`
    expect(negotiatedMatches(accept, list('image/png'))).toBe(false)
  })
})

describe('indexMediaTypes', () => {
  test('sets of whole types and exact types, duplicates once', () => {
    expect(list('image/png', 'IMAGE/PNG', 'image/gif', 'text/*', 'application/pdf')).toEqual({
      anyType: false,
      wholeTypes: new Set(['text']),
      exactTypes: new Set(['image/png', 'image/gif', 'application/pdf']),
      exactPerType: new Map([
        ['image', 2],
        ['application', 1],
      ]),
    })
    expect(list('*/*').anyType).toBe(true)
  })
})
