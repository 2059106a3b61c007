/** `attachment()`: the proxy result a browser saves under a name, through the middleware. */
import { Readable } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import { attachment } from '../src/attachment.js'
import { thrown } from './support/errors.js'
import { httpApiEvent } from './support/events.js'
import { readFixture } from './support/fixtures.js'
import { decoded, invokeEncoded } from './support/invoke.js'

const pdf = readFixture('document.pdf')

describe('the Content-Disposition it writes', () => {
  // biome-ignore format: one case a line reads as a table
  test.each([
    ['a plain name, a token', 'report.pdf', {}, 'attachment; filename=report.pdf'],
    ['spaces', 'annual report.pdf', {}, 'attachment; filename="annual report.pdf"'],
    ['quotes and backslashes escaped', 'say "hi".pdf', {}, 'attachment; filename="say \\"hi\\".pdf"'],
    ['Latin-1 as filename*', 'naïve.pdf', {}, "attachment; filename=\"na?ve.pdf\"; filename*=UTF-8''na%C3%AFve.pdf"],
    ['beyond Latin-1 as filename*', 'résumé €.pdf', {}, "attachment; filename=\"r?sum? ?.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E2%82%AC.pdf"],
    ['CJK', '報告.pdf', {}, "attachment; filename=\"??.pdf\"; filename*=UTF-8''%E5%A0%B1%E5%91%8A.pdf"],
    ['a line break cannot inject a header', 'a\r\nX-Evil: 1.pdf', {}, "attachment; filename=\"a??X-Evil: 1.pdf\"; filename*=UTF-8''a%0D%0AX-Evil%3A%201.pdf"],
    ['a percent sequence is not taken for an encoding', 'a%20b.pdf', {}, "attachment; filename=a%20b.pdf; filename*=UTF-8''a%2520b.pdf"],
    ['inline', 'report.pdf', { inline: true }, 'inline; filename=report.pdf'],
    ['inline: false', 'report.pdf', { inline: false }, 'attachment; filename=report.pdf'],
  ] as const)('%s', (_name, filename, options, expected) => {
    expect(attachment(filename, pdf, options).headers['Content-Disposition']).toBe(expected)
  })
})

describe('the result', () => {
  test('a 200 around the body, the other headers kept', () => {
    const body = Readable.from([pdf])
    const headers = { 'Content-Type': 'application/pdf', 'Cache-Control': 'no-store' }
    expect(attachment('report.pdf', body, { headers })).toEqual({
      statusCode: 200,
      headers: { ...headers, 'Content-Disposition': 'attachment; filename=report.pdf' },
      body,
    })
    expect(headers).toEqual({ 'Content-Type': 'application/pdf', 'Cache-Control': 'no-store' })
  })

  test('through the middleware: the bytes, typed, named', async () => {
    const response = await invokeEncoded(httpApiEvent('*/*'), attachment('report.pdf', pdf))
    expect(response.headers).toMatchObject({
      'Content-Type': 'application/pdf',
      'Content-Disposition': 'attachment; filename=report.pdf',
    })
    expect(decoded(response)).toEqual(pdf)
  })
})

describe('bad input: a TypeError naming it', () => {
  // biome-ignore format: one case a line reads as a table
  test.each([
    ['an empty name', '', {}, "attachment() needs a file name: a non-empty string without '/' or '\\'; got ''"],
    ['a path', 'reports/2025.pdf', {}, "got 'reports/2025.pdf'"],
    ['a Windows path', 'C:\\reports\\2025.pdf', {}, "got 'C:\\\\reports\\\\2025.pdf'"],
    ['not a string', 42, {}, 'got 42'],
    ['an object, one level deep, on one line', { name: { nested: { deep: 1 } }, alias: 'x'.repeat(80) }, {}, `got { name: { nested: [Object] }, alias: '${'x'.repeat(80)}' }`],
    ['inline not a boolean', 'a.pdf', { inline: 'yes' }, "option 'inline' must be a boolean; got 'yes'"],
    ['a Content-Disposition of its own', 'a.pdf', { headers: { 'content-disposition': 'inline' } }, "option 'headers' must be headers without a Content-Disposition of their own"],
  ])('%s', (_name, filename, options, message) => {
    const error = thrown(() => attachment(filename as string, pdf, options as never))
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toContain(message)
    expect(error.message.startsWith('middy-binary-response: ')).toBe(true)
    expect(error.cause).toEqual({ package: 'middy-binary-response' })
  })
})
