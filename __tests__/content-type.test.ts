import { describe, expect, test } from '@jest/globals'
import { FileTypeParser } from 'file-type'
import { declaredContentType, detectContentType } from '../src/content-type.js'
import { FIXTURES, readFixture, UNDETECTABLE_FIXTURE } from './support/fixtures.js'

const FALLBACK = 'application/x-fallback'

describe('detectContentType with the real file-type', () => {
  test.each(FIXTURES)('$file is $mime', async ({ file, mime }) => {
    expect(await detectContentType(readFixture(file), FALLBACK)).toBe(mime)
  })

  test.each([
    ['text file-type cannot name', readFixture(UNDETECTABLE_FIXTURE)],
    ['JSON', Buffer.from('{"hello":"world"}')],
    ['no bytes', Buffer.alloc(0)],
    ['a truncated PNG signature', readFixture('image.png').subarray(0, 4)],
  ])('%s gets the fallback', async (_name, bytes) => {
    expect(await detectContentType(bytes, FALLBACK)).toBe(FALLBACK)
  })

  test('a detector that throws means the fallback, not a broken response', async () => {
    const throwing = new FileTypeParser({
      customDetectors: [
        {
          id: 'throws',
          detect: async () => {
            throw new Error('detector failed')
          },
        },
      ],
    })
    await expect(throwing.fromBuffer(readFixture('image.png'))).rejects.toThrow('detector failed')
    expect(await detectContentType(readFixture('image.png'), FALLBACK, throwing)).toBe(FALLBACK)
  })
})

describe('declaredContentType', () => {
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
    expect(declaredContentType(proxy)).toBe(expected)
  })
})
