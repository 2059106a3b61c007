/**
 * The README's recommended stack, as examples/router.ts builds it: one @middy/http-router with JSON routes
 * and a binary route, behind every neighbour at once, with the error handler turning 404s and 406s into
 * responses that still carry the CORS and security headers.
 */
import { describe, expect, test } from '@jest/globals'
import { handler } from '../examples/router.ts'
import { ACCEPT, httpApiEvent, lambdaContext, restApiEvent } from './support/events.js'
import { readFixture } from './support/fixtures.js'
import {
  header,
  headerMembers,
  type ProxyResponse,
  receivedBytes,
  withHeaders,
} from './support/stack.js'

const png = readFixture('image.png')
const products = [{ id: 'logo', name: 'Logo', thumbnail: '/catalog/logo/thumbnail' }]

const invoke = async (event: unknown): Promise<ProxyResponse> =>
  (await handler(event as never, lambdaContext())) as unknown as ProxyResponse

const rest = (accept: string | undefined, path: string, acceptEncoding?: string) =>
  withHeaders(restApiEvent(accept, path), {
    Origin: 'https://shop.example',
    ...(acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding }),
  })

/** Headers every response of the stack carries, bytes, JSON and errors alike. */
const expectNeighbourHeaders = (response: ProxyResponse) => {
  expect(header(response, 'access-control-allow-origin')).toBe('*')
  expect(header(response, 'x-frame-options')).toBe('DENY')
  expect(header(response, 'strict-transport-security')).toMatch(/^max-age=/)
  expect(header(response, 'cross-origin-resource-policy')).toBe('cross-origin')
}

describe('the binary route', () => {
  test.each([
    ['browser <img>', ACCEPT.browserImage, undefined],
    ['browser <img> asking for gzip', ACCEPT.browserImage, 'gzip, deflate, br, zstd'],
    ['a client asking for image/png', 'image/png', 'gzip'],
  ])('%s: the exact bytes, image/png, not compressed', async (_client, accept, encoding) => {
    const response = await invoke(rest(accept, '/catalog/logo/thumbnail', encoding))
    expect(response.statusCode).toBe(200)
    expect(response.isBase64Encoded).toBe(true)
    expect(header(response, 'content-encoding')).toBeUndefined()
    expect(Buffer.from(response.body ?? '', 'base64')).toEqual(png)
    expect(header(response, 'content-type')).toBe('image/png')
    expect(header(response, 'cache-control')).toBe('public, max-age=86400')
    expect(headerMembers(response, 'vary')).toContain('accept')
    expectNeighbourHeaders(response)
  })

  test.each([
    ['curl', ACCEPT.curl],
    ['fetch()', ACCEPT.fetch],
    ['a JSON client', ACCEPT.json],
    ['a navigation', ACCEPT.browserNavigation],
  ])('%s through a REST API: a 406 with the neighbours’ headers', async (_client, accept) => {
    const response = await invoke(rest(accept, '/catalog/logo/thumbnail'))
    expect(response.statusCode).toBe(406)
    expect(response.body).toBe(
      'Not Acceptable: this response is binary and is sent only to requests that accept image/*',
    )
    expect(header(response, 'content-type')).toBe('text/plain')
    expect(response.isBase64Encoded).toBeUndefined()
    expectNeighbourHeaders(response)
  })

  test('curl through an HTTP API, which always decodes: the bytes', async () => {
    const response = await invoke(httpApiEvent(ACCEPT.curl, '/catalog/logo/thumbnail'))
    expect(response.statusCode).toBe(200)
    expect(receivedBytes(response)).toEqual(png)
    expect(header(response, 'content-type')).toBe('image/png')
  })
})

describe('the JSON routes keep their exact responses', () => {
  test.each([
    ['/catalog', ACCEPT.json, products],
    ['/catalog', ACCEPT.browserImage, products],
    ['/catalog/logo', ACCEPT.curl, products[0]],
    ['/catalog/logo', ACCEPT.browserNavigation, products[0]],
  ])('%s, Accept %s', async (path, accept, body) => {
    const response = await invoke(rest(accept, path))
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe(JSON.stringify(body))
    expect(response.isBase64Encoded).toBeUndefined()
    expect(header(response, 'content-type')).toBe('application/json')
    expectNeighbourHeaders(response)
  })

  test('a client asking for gzip: a body gzip cannot shrink is sent as it is', async () => {
    const response = await invoke(rest(ACCEPT.json, '/catalog', 'gzip'))
    expect(header(response, 'content-encoding')).toBeUndefined()
    expect(response.body).toBe(JSON.stringify(products))
  })
})

test.each([
  ['/catalog/nope', ACCEPT.json],
  ['/catalog/nope/thumbnail', ACCEPT.browserImage],
  ['/elsewhere', ACCEPT.curl],
])('%s: a 404 with the neighbours’ headers', async (path, accept) => {
  const response = await invoke(rest(accept, path))
  expect(response.statusCode).toBe(404)
  expect(header(response, 'content-type')).toBe('text/plain')
  expectNeighbourHeaders(response)
})
