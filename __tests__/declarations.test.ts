import { Readable } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import { declarationsOf, declareResult } from '../src/declarations.js'
import { readFixture } from './support/fixtures.js'
import { sdkLikeBody } from './support/streams.js'

const png = readFixture('image.png')

/** With the SDK's Node body: a Readable carrying S3's response headers. */
const s3Response = (bytes: Uint8Array, headers: Record<string, string>) =>
  Object.assign(Readable.from([bytes]), { headers, transformToByteArray: async () => bytes })

describe('the handler’s Content-Type', () => {
  test.each([
    ['no proxy result', undefined, undefined],
    ['no headers', { body: 'x' }, undefined],
    ['Content-Type', { headers: { 'Content-Type': 'image/png' } }, 'image/png'],
    ['content-type', { headers: { 'content-type': 'image/svg+xml' } }, 'image/svg+xml'],
    ['CONTENT-TYPE', { headers: { 'CONTENT-TYPE': 'text/csv' } }, 'text/csv'],
    [
      'with parameters, kept whole',
      { headers: { 'Content-Type': 'text/plain; charset=utf-8' } },
      'text/plain; charset=utf-8',
    ],
    [
      'in multiValueHeaders',
      { multiValueHeaders: { 'content-type': ['application/pdf'] } },
      'application/pdf',
    ],
    [
      'headers before multiValueHeaders',
      {
        headers: { 'content-type': 'image/png' },
        multiValueHeaders: { 'Content-Type': ['image/gif'] },
      },
      'image/png',
    ],
    [
      'the first of two cases',
      { headers: { 'Content-Type': 'image/png', 'content-type': 'image/gif' } },
      'image/png',
    ],
    ['blank counts as none', { headers: { 'Content-Type': ' ' } }, undefined],
    [
      'blank skipped for the next',
      { headers: { 'Content-Type': '' }, multiValueHeaders: { 'content-type': ['image/gif'] } },
      'image/gif',
    ],
    ['headers null', { headers: null }, undefined],
    ['a number', { headers: { 'Content-Type': 5 } }, undefined],
  ])('%s', (_name, proxy, expected) => {
    expect(declarationsOf(proxy, undefined).contentType).toBe(expected)
  })
})

describe('what a stream says of itself', () => {
  test.each([
    [
      'Blob with a type',
      new Blob([png], { type: 'image/png' }),
      { contentType: 'image/png', contentLength: png.length },
    ],
    ['Blob without', new Blob([png]), { contentType: undefined, contentLength: png.length }],
    [
      'S3 response',
      s3Response(png, { 'content-type': 'image/png', 'content-length': String(png.length) }),
      { contentType: 'image/png', contentLength: png.length },
    ],
    [
      'S3 placeholder type is no declaration',
      s3Response(png, { 'content-type': 'binary/octet-stream' }),
      { contentType: undefined, contentLength: undefined },
    ],
    [
      'the placeholder in any case, with spaces',
      s3Response(png, { 'content-type': ' Binary/Octet-Stream ' }),
      { contentType: undefined, contentLength: undefined },
    ],
    [
      'application/octet-stream from S3 neither',
      s3Response(png, { 'content-type': 'Application/Octet-Stream', 'content-length': 'abc' }),
      { contentType: undefined, contentLength: undefined },
    ],
    ['plain Readable', Readable.from([png]), { contentType: undefined, contentLength: undefined }],
    [
      'SDK body outside Node',
      sdkLikeBody(png),
      { contentType: undefined, contentLength: undefined },
    ],
  ])('%s', (_name, body, expected) => {
    expect(declarationsOf(undefined, body)).toEqual(expected)
  })
})

describe('the handler’s Content-Length', () => {
  test.each([
    [undefined, undefined],
    [{}, undefined],
    [{ headers: { 'Content-Length': '42' } }, 42],
    [{ headers: { 'content-length': 42 } }, 42],
    [{ multiValueHeaders: { 'Content-Length': ['7'] } }, 7],
    [{ headers: { 'Content-Length': '-1' } }, undefined],
    [{ headers: { 'Content-Length': '1e3' } }, undefined],
    [{ headers: { 'Content-Length': ' 12 ' } }, 12],
    [{ headers: null }, undefined],
    // Only a string or a number under the name Content-Length is a length.
    [{ headers: { 'X-Count': 7 } }, undefined],
    [{ headers: { 'X-Count': 7, 'Content-Length': 9 } }, 9],
    [{ headers: { 'Content-Length': 12n } }, undefined],
    [{ headers: { 'Content-Length': [12] } }, undefined],
  ])('%j → %j', (proxy, expected) => {
    expect(declarationsOf(proxy, Readable.from([])).contentLength).toBe(expected)
  })
})

describe('the handler’s declarations come first, the stream’s fill the gaps', () => {
  const s3 = () => s3Response(png, { 'content-type': 'image/png', 'content-length': '1073' })
  test.each([
    ['nothing from the handler', {}, { contentType: 'image/png', contentLength: 1073 }],
    [
      'the handler’s type',
      { headers: { 'Content-Type': 'image/webp' } },
      { contentType: 'image/webp', contentLength: 1073 },
    ],
    [
      'the handler’s length',
      { headers: { 'Content-Length': '12' } },
      { contentType: 'image/png', contentLength: 12 },
    ],
    [
      'both from the handler',
      { headers: { 'Content-Type': 'image/webp', 'Content-Length': 12 } },
      { contentType: 'image/webp', contentLength: 12 },
    ],
  ])('%s', (_name, proxy, expected) => {
    expect(declarationsOf(proxy, s3())).toEqual(expected)
  })

  test('bytes in memory: only the handler’s type, no length', () => {
    const proxy = { headers: { 'Content-Type': 'image/png', 'Content-Length': '9' } }
    expect(declarationsOf(proxy, undefined)).toEqual({
      contentType: 'image/png',
      contentLength: undefined,
    })
    expect(declarationsOf(undefined, undefined)).toEqual({
      contentType: undefined,
      contentLength: undefined,
    })
  })
})

describe('declareResult: a found result and what it declares', () => {
  const blob = new Blob([png], { type: 'image/png' })
  test.each([
    ['bytes alone declare nothing', { body: png, proxy: undefined }, [undefined, undefined]],
    [
      'bytes declare what the proxy says, never a length of their own',
      { body: png, proxy: { headers: { 'Content-Type': 'image/gif', 'Content-Length': '7' } } },
      ['image/gif', undefined],
    ],
    [
      'a Blob alone declares its type and size',
      { body: blob, proxy: undefined },
      ['image/png', blob.size],
    ],
    [
      'a Blob under a proxy: the proxy first, the Blob fills the gaps',
      { body: blob, proxy: { headers: { 'content-type': 'image/webp' } } },
      ['image/webp', blob.size],
    ],
  ])('%s', (_name, found, [contentType, contentLength]) => {
    const result = declareResult(found)
    expect(result).toEqual({ ...found, declared: { contentType, contentLength } })
    expect(result.body).toBe(found.body)
    expect(result.proxy).toBe(found.proxy)
  })
})
