import { describe, expect, test } from '@jest/globals'
import { binaryResponse, binaryResponseValidateOptions, defaults } from '../src/index.js'
import { thrown } from './support/errors.js'

describe('defaults', () => {
  test('every option has a documented default', () => {
    expect(defaults).toEqual({
      binaryMediaTypes: ['*/*'],
      fallbackContentType: 'application/octet-stream',
      failOnMismatch: true,
      acceptRule: 'auto',
      maxResponseSize: undefined,
      noSniff: true,
      streaming: false,
      streamTimeoutEarlyInMillis: 100,
    })
    expect(Object.isFrozen(defaults)).toBe(true)
    expect(Object.isFrozen(defaults.binaryMediaTypes)).toBe(true)
  })

  test.each([[undefined], [{}], [{ binaryMediaTypes: undefined, acceptRule: undefined }]])(
    '%j resolves to the defaults',
    (options) => {
      expect(binaryResponseValidateOptions(options)).toEqual({
        ...defaults,
        mediaRanges: [{ type: '*', subtype: '*' }],
        mediaTypes: {
          anyType: true,
          wholeTypes: new Set(),
          exactTypes: new Set(),
          exactPerType: new Map(),
        },
      })
    },
  )

  test('given options are resolved, media types parsed once', () => {
    expect(
      binaryResponseValidateOptions({
        binaryMediaTypes: ['Image/PNG', 'application/*'],
        fallbackContentType: 'text/plain; charset="utf-8"',
        failOnMismatch: false,
        acceptRule: 'rest-api',
        maxResponseSize: 1000,
        noSniff: false,
        streaming: true,
        streamTimeoutEarlyInMillis: 0,
      }),
    ).toEqual({
      binaryMediaTypes: ['Image/PNG', 'application/*'],
      mediaRanges: [
        { type: 'image', subtype: 'png' },
        { type: 'application', subtype: '*' },
      ],
      mediaTypes: {
        anyType: false,
        wholeTypes: new Set(['application']),
        exactTypes: new Set(['image/png']),
        exactPerType: new Map([['image', 1]]),
      },
      fallbackContentType: 'text/plain; charset="utf-8"',
      failOnMismatch: false,
      acceptRule: 'rest-api',
      maxResponseSize: 1000,
      noSniff: false,
      streaming: true,
      streamTimeoutEarlyInMillis: 0,
    })
  })

  test.each([
    'x/y',
    'application/octet-stream',
    'text/plain;charset=utf-8',
    'text/plain; charset="utf-8"',
  ])('fallbackContentType %j is a Content-Type', (fallbackContentType) => {
    expect(binaryResponseValidateOptions({ fallbackContentType }).fallbackContentType).toBe(
      fallbackContentType,
    )
  })

  test('the caller’s array is copied, not kept', () => {
    const binaryMediaTypes = ['image/png']
    const resolved = binaryResponseValidateOptions({ binaryMediaTypes })
    binaryMediaTypes.push('*/*')
    expect(resolved.binaryMediaTypes).toEqual(['image/png'])
  })
})

describe('invalid options throw a TypeError naming the option and the value, when the middleware is made', () => {
  test.each([
    ['options', null, "option 'options' must be an object; got null"],
    ['options', 'image/png', "option 'options' must be an object; got 'image/png'"],
    ['options', ['image/png'], "option 'options' must be an object; got [ 'image/png' ]"],
    [
      'unknown key',
      { binaryMediaType: ['image/png'] },
      "unknown option 'binaryMediaType'; the options are binaryMediaTypes, fallbackContentType, failOnMismatch, acceptRule, maxResponseSize, noSniff, streaming, streamTimeoutEarlyInMillis",
    ],
    [
      'binaryMediaTypes',
      {
        binaryMediaTypes: {
          nested: { deeper: { deepest: 1 } },
          ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`key${i}`, i])),
        },
      },
      // On one line, one level deep: a log line stays a line, however large the value.
      'got { nested: { deeper: [Object] }, key0: 0, key1: 1, key2: 2, key3: 3, key4: 4, key5: 5, key6: 6, key7: 7, key8: 8, key9: 9, key10: 10, key11: 11 }',
    ],
    [
      'binaryMediaTypes',
      { binaryMediaTypes: 'image/png' },
      "option 'binaryMediaTypes' must be an array of media types; got 'image/png'",
    ],
    [
      'binaryMediaTypes',
      { binaryMediaTypes: [] },
      "option 'binaryMediaTypes' must be a non-empty array of media types; got []",
    ],
    [
      'binaryMediaTypes',
      { binaryMediaTypes: null },
      "option 'binaryMediaTypes' must be an array of media types; got null",
    ],
    [
      'binaryMediaTypes',
      { binaryMediaTypes: ['image'] },
      "option 'binaryMediaTypes[0]' must be a media type like 'image/png', 'image/*' or '*/*'; got 'image'",
    ],
    [
      'binaryMediaTypes',
      { binaryMediaTypes: ['image/png', 'image/png/x'] },
      "option 'binaryMediaTypes[1]' must be a media type like 'image/png', 'image/*' or '*/*'; got 'image/png/x'",
    ],
    [
      'binaryMediaTypes',
      { binaryMediaTypes: [''] },
      "option 'binaryMediaTypes[0]' must be a media type like 'image/png', 'image/*' or '*/*'; got ''",
    ],
    [
      'binaryMediaTypes',
      { binaryMediaTypes: ['*/png'] },
      "option 'binaryMediaTypes[0]' must be a media type",
    ],
    [
      'binaryMediaTypes',
      { binaryMediaTypes: ['image/png; q=1'] },
      "option 'binaryMediaTypes[0]' must be a media type",
    ],
    [
      'binaryMediaTypes',
      { binaryMediaTypes: [' image/png'] },
      "option 'binaryMediaTypes[0]' must be a media type",
    ],
    ['binaryMediaTypes', { binaryMediaTypes: ['image~1png'] }, "got 'image~1png'"],
    // A hole is a missing media type, not one to skip: map() and some() would pass over it.
    // biome-ignore lint/suspicious/noSparseArray: the sparse array is the input under test
    ['binaryMediaTypes', { binaryMediaTypes: [, 'image/png'] }, "'binaryMediaTypes[0]'"],
    [
      'binaryMediaTypes',
      { binaryMediaTypes: { 0: 'image/png', length: 1 } },
      "option 'binaryMediaTypes' must be an array of media types; got { '0': 'image/png', length: 1 }",
    ],
    ['binaryMediaTypes', { binaryMediaTypes: [null] }, "'binaryMediaTypes[0]'"],
    ['binaryMediaTypes', { binaryMediaTypes: new Set(['image/png']) }, "'binaryMediaTypes'"],
    ['options', () => ({}), "option 'options' must be an object; got [Function (anonymous)]"],
    ['fallbackContentType', { fallbackContentType: 42 }, "'fallbackContentType'"],
    [
      'fallbackContentType',
      { fallbackContentType: 'text/plain\r\nX-Injected: 1' },
      "'fallbackContentType'",
    ],
    ['acceptRule', { acceptRule: 1 }, "option 'acceptRule' must be one of"],
    ['acceptRule', { acceptRule: 'AUTO' }, "option 'acceptRule' must be one of"],
    ['failOnMismatch', { failOnMismatch: 1 }, "option 'failOnMismatch' must be a boolean; got 1"],
    ['noSniff', { noSniff: 'true' }, "option 'noSniff' must be a boolean; got 'true'"],
    ['maxResponseSize', { maxResponseSize: 10n }, 'got 10n'],
    ['maxResponseSize', { maxResponseSize: 2 ** 53 }, 'got 9007199254740992'],
    ['maxResponseSize', { maxResponseSize: '1000' }, "got '1000'"],
    [
      'binaryMediaTypes',
      { binaryMediaTypes: [42] },
      "option 'binaryMediaTypes[0]' must be a media type like 'image/png', 'image/*' or '*/*'; got 42",
    ],
    [
      'fallbackContentType',
      { fallbackContentType: 'binary' },
      "option 'fallbackContentType' must be a media type like 'application/octet-stream'; got 'binary'",
    ],
    ['fallbackContentType', { fallbackContentType: 'application/*' }, "got 'application/*'"],
    [
      'fallbackContentType',
      { fallbackContentType: '' },
      "option 'fallbackContentType' must be a media type",
    ],
    [
      'fallbackContentType',
      { fallbackContentType: 'text/plain; charset' },
      "got 'text/plain; charset'",
    ],
    [
      'fallbackContentType',
      { fallbackContentType: null },
      "option 'fallbackContentType' must be a media type like 'application/octet-stream'; got null",
    ],
    [
      'failOnMismatch',
      { failOnMismatch: 'false' },
      "option 'failOnMismatch' must be a boolean; got 'false'",
    ],
    ['noSniff', { noSniff: 0 }, "option 'noSniff' must be a boolean; got 0"],
    ['streaming', { streaming: 'yes' }, "option 'streaming' must be a boolean; got 'yes'"],
    ['noSniff', { noSniff: null }, "option 'noSniff' must be a boolean; got null"],
    [
      'failOnMismatch',
      { failOnMismatch: null },
      "option 'failOnMismatch' must be a boolean; got null",
    ],
    [
      'maxResponseSize',
      { maxResponseSize: null },
      "option 'maxResponseSize' must be a positive integer number of bytes; got null",
    ],
    [
      'acceptRule',
      { acceptRule: 'rest' },
      "option 'acceptRule' must be one of 'auto', 'rest-api', 'negotiate'; got 'rest'",
    ],
    [
      'acceptRule',
      { acceptRule: null },
      "option 'acceptRule' must be one of 'auto', 'rest-api', 'negotiate'; got null",
    ],
    [
      'maxResponseSize',
      { maxResponseSize: 0 },
      "option 'maxResponseSize' must be a positive integer number of bytes; got 0",
    ],
    ['maxResponseSize', { maxResponseSize: -1 }, 'got -1'],
    ['maxResponseSize', { maxResponseSize: 1.5 }, 'got 1.5'],
    ['maxResponseSize', { maxResponseSize: '6MB' }, "got '6MB'"],
    ['maxResponseSize', { maxResponseSize: Number.NaN }, 'got NaN'],
    ['maxResponseSize', { maxResponseSize: Number.POSITIVE_INFINITY }, 'got Infinity'],
    [
      'streamTimeoutEarlyInMillis',
      { streamTimeoutEarlyInMillis: -1 },
      "option 'streamTimeoutEarlyInMillis' must be a non-negative integer number of milliseconds; got -1",
    ],
    ['streamTimeoutEarlyInMillis', { streamTimeoutEarlyInMillis: 0.5 }, 'got 0.5'],
    ['streamTimeoutEarlyInMillis', { streamTimeoutEarlyInMillis: '100' }, "got '100'"],
    ['streamTimeoutEarlyInMillis', { streamTimeoutEarlyInMillis: null }, 'got null'],
    ['streamTimeoutEarlyInMillis', { streamTimeoutEarlyInMillis: Number.NaN }, 'got NaN'],
    ['streamTimeoutEarlyInMillis', { streamTimeoutEarlyInMillis: 2 ** 53 }, 'got 9007199254740992'],
  ])('%s: %j', (_option, options, message) => {
    for (const make of [
      () => binaryResponseValidateOptions(options),
      () => binaryResponse(options as never),
    ]) {
      const error = thrown(make)
      expect(error).toBeInstanceOf(TypeError)
      expect(error.message.startsWith('middy-binary-response: ')).toBe(true)
      expect(error.message).toContain(message)
      expect(error.cause).toEqual({ package: 'middy-binary-response' })
    }
  })
})
