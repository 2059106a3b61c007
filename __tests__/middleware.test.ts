import { describe, expect, test } from '@jest/globals'
import middy, { type MiddlewareObj } from '@middy/core'
import binaryResponse, {
  type EncodedBinaryResponse,
  binaryResponse as namedBinaryResponse,
} from '../src/index.js'
import { rejection } from './support/errors.js'
import {
  ACCEPT,
  albEvent,
  albMultiValueEvent,
  functionUrlEvent,
  httpApiEvent,
  httpApiV1Event,
  lambdaContext,
  restApiConsoleTestEvent,
  restApiEvent,
  sqsEvent,
} from './support/events.js'
import { FIXTURES, readFixture, UNDETECTABLE_FIXTURE } from './support/fixtures.js'
import { decoded, invoke, invokeEncoded } from './support/invoke.js'

const png = readFixture('image.png')

test('the default export and the named export are the same factory, returning a Middy middleware', () => {
  expect(namedBinaryResponse).toBe(binaryResponse)
  const middleware = binaryResponse()
  expect(Object.keys(middleware)).toEqual(['after', 'onError'])
  // Middy's plugin hooks report a hook by its function name.
  expect(middleware.after?.name).toBe('binaryResponseMiddlewareAfter')
  expect(middleware.onError?.name).toBe('binaryResponseMiddlewareOnError')
})

describe('every fixture round-trips, with the type file-type finds in it', () => {
  test.each([...FIXTURES])('$file', async ({ file, mime }) => {
    const bytes = readFixture(file)
    const response = await invokeEncoded(restApiEvent('*/*'), bytes)
    expect(response.isBase64Encoded).toBe(true)
    expect(response.headers?.['Content-Type']).toBe(mime)
    expect(decoded(response)).toEqual(bytes)
  })

  test('text file-type cannot name gets the fallback, configurable', async () => {
    const bytes = readFixture(UNDETECTABLE_FIXTURE)
    const byDefault = await invokeEncoded(httpApiEvent('*/*'), bytes)
    expect(byDefault.headers?.['Content-Type']).toBe('application/octet-stream')
    const configured = await invokeEncoded(httpApiEvent('*/*'), bytes, {
      fallbackContentType: 'text/plain; charset=utf-8',
    })
    expect(configured.headers?.['Content-Type']).toBe('text/plain; charset=utf-8')
    expect(decoded(configured)).toEqual(bytes)
  })
})

describe('which gateway, which Accept: encoded, or refused with a 406', () => {
  const images = ['image/*']
  const pdf = ['application/pdf']
  test.each([
    // [event, binaryMediaTypes, outcome]
    ['REST, browser <img>', restApiEvent(ACCEPT.browserImage), images, 'encoded'],
    [
      'REST, browser <img>, list image/png only',
      restApiEvent(ACCEPT.browserImage),
      ['image/png'],
      406,
    ],
    ['REST, curl */*', restApiEvent(ACCEPT.curl), images, 406],
    ['REST, curl */*, default list', restApiEvent(ACCEPT.curl), undefined, 'encoded'],
    ['REST, curl -H "Accept: image/png"', restApiEvent('image/png'), images, 'encoded'],
    ['REST, JSON client', restApiEvent(ACCEPT.json), images, 406],
    ['REST, browser navigation', restApiEvent(ACCEPT.browserNavigation), pdf, 406],
    [
      'REST, browser navigation, default list',
      restApiEvent(ACCEPT.browserNavigation),
      undefined,
      'encoded',
    ],
    ['REST console test event, default list', restApiConsoleTestEvent(), undefined, 'encoded'],
    ['REST console test event', restApiConsoleTestEvent(), images, 406],
    ['HTTP API, browser navigation', httpApiEvent(ACCEPT.browserNavigation), pdf, 'encoded'],
    ['HTTP API, curl */*', httpApiEvent(ACCEPT.curl), pdf, 'encoded'],
    ['HTTP API, JSON client', httpApiEvent(ACCEPT.json), pdf, 406],
    ['HTTP API, no Accept', httpApiEvent(undefined), pdf, 'encoded'],
    ['HTTP API, Accept excludes it', httpApiEvent('application/pdf;q=0, */*'), pdf, 406],
    ['Function URL, fetch()', functionUrlEvent(ACCEPT.fetch), pdf, 'encoded'],
    ['Function URL, JSON client', functionUrlEvent(ACCEPT.json), pdf, 406],
    ['ALB, browser <img>', albEvent(ACCEPT.browserImage), images, 'encoded'],
    ['ALB, curl */*', albEvent(ACCEPT.curl), images, 'encoded'],
    ['ALB, JSON client', albEvent(ACCEPT.json), images, 406],
    [
      'ALB multi-value, browser navigation',
      albMultiValueEvent(ACCEPT.browserNavigation),
      images,
      'encoded',
    ],
    ['ALB multi-value, JSON client', albMultiValueEvent(ACCEPT.json), images, 406],
    // HTTP APIs decode every base64 body: payload 1.0 events negotiate, as 2.0 ones do.
    [
      'HTTP API 1.0, browser navigation',
      httpApiV1Event(ACCEPT.browserNavigation),
      images,
      'encoded',
    ],
    ['HTTP API 1.0, curl */*', httpApiV1Event(ACCEPT.curl), pdf, 'encoded'],
    ['HTTP API 1.0, JSON client', httpApiV1Event(ACCEPT.json), pdf, 406],
  ])('%s', async (_name, event, binaryMediaTypes, outcome) => {
    const options = binaryMediaTypes === undefined ? {} : { binaryMediaTypes }
    if (outcome === 'encoded') {
      const response = await invokeEncoded(event, png, options)
      expect(response.isBase64Encoded).toBe(true)
      expect(decoded(response)).toEqual(png)
      return
    }
    const error = await rejection(invoke(event, png, options))
    expect(error.statusCode).toBe(406)
    expect(error.expose).toBe(true)
    expect(error.message).toBe(
      `Not Acceptable: this response is binary and is sent only to requests that accept ${(binaryMediaTypes ?? []).join(', ')}`,
    )
    expect(error.cause).toMatchObject({
      package: 'middy-binary-response',
      data: { binaryMediaTypes },
    })
    expect(error).toHaveProperty('headers', { Vary: 'Accept' })
  })

  test.each([
    ['REST', restApiEvent(ACCEPT.json), 'auto', 'rest-api', 'rest-api'],
    ['REST, negotiating', restApiEvent(ACCEPT.json), 'negotiate', 'rest-api', 'negotiate'],
    ['HTTP API 1.0', httpApiV1Event(ACCEPT.json), 'auto', 'http-api-v1', 'negotiate'],
    ['HTTP API 2.0', httpApiEvent(ACCEPT.json), 'auto', 'http-api', 'negotiate'],
    ['ALB', albEvent(ACCEPT.json), 'auto', 'alb', 'negotiate'],
    ['no Accept', restApiEvent(undefined), 'auto', 'rest-api', 'rest-api'],
  ] as const)(
    'a 406 names the gateway, the rule and the Accept for the log: %s',
    async (_name, event, acceptRule, source, rule) => {
      const error = await rejection(invoke(event, png, { binaryMediaTypes: images, acceptRule }))
      expect(error.cause).toEqual({
        package: 'middy-binary-response',
        data: {
          binaryMediaTypes: images,
          source,
          rule,
          accept: event.headers?.Accept ?? event.headers?.accept,
        },
      })
    },
  )

  // The README's table of real clients, cell by cell.
  const clients = [
    ['Chromium <img>', ACCEPT.browserImage, ['bytes', 'bytes', 'bytes']],
    ['Chromium navigation', ACCEPT.browserNavigation, [406, 'bytes', 'bytes']],
    ['curl', ACCEPT.curl, [406, 'bytes', 'bytes']],
    ['fetch()', ACCEPT.fetch, [406, 'bytes', 'bytes']],
    ['a JSON client', ACCEPT.json, [406, 'bytes', 406]],
  ] as const
  const columns = [
    ['REST, image/*', restApiEvent, ['image/*']],
    ['REST, */*', restApiEvent, ['*/*']],
    ['HTTP API, application/pdf', httpApiEvent, ['application/pdf']],
    ['ALB, application/pdf', albEvent, ['application/pdf']],
  ] as const
  const cells = clients.flatMap(([client, accept, outcomes]) =>
    columns.map(([column, event, binaryMediaTypes], index) => ({
      client,
      column,
      event: event(accept),
      binaryMediaTypes: [...binaryMediaTypes],
      outcome: outcomes[Math.min(index, 2)],
    })),
  )
  test.each(cells)('README table: $client through $column gets $outcome', async (cell) => {
    const run = invoke(cell.event, png, { binaryMediaTypes: cell.binaryMediaTypes })
    if (cell.outcome === 'bytes') expect(decoded((await run) as EncodedBinaryResponse)).toEqual(png)
    else expect((await rejection(run)).statusCode).toBe(406)
  })

  test('the 406 message never echoes the request', async () => {
    const hostile = '<script>alert(1)</script>/x'
    const error = await rejection(
      invoke(httpApiEvent(hostile), png, { binaryMediaTypes: ['image/png'] }),
    )
    expect(error.message).not.toContain('script')
    expect(error).toHaveProperty('headers', { Vary: 'Accept' })
    // Kept for the developer's log only: no response carries cause.data.
    expect(error.cause).toMatchObject({ data: { accept: hostile } })
  })

  test('failOnMismatch: false passes the result through untouched', async () => {
    const result = { statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: png }
    const before = structuredClone(result)
    const response = await invoke(restApiEvent(ACCEPT.json), result, {
      binaryMediaTypes: ['image/png'],
      failOnMismatch: false,
    })
    expect(response).toBe(result)
    expect(result).toEqual(before)
  })

  test.each([
    // A REST event judged by negotiation, an HTTP API event judged by the REST rule.
    ['negotiate', restApiEvent('text/html, image/png'), 'encoded'],
    ['rest-api', restApiEvent('text/html, image/png'), 406],
    ['rest-api', httpApiEvent('text/html, image/png'), 406],
    ['negotiate', httpApiEvent('text/html, image/png'), 'encoded'],
    ['auto', albEvent('text/html, image/png'), 'encoded'],
    ['rest-api', albEvent('text/html, image/png'), 406],
  ] as const)('acceptRule %s on %j', async (acceptRule, event, outcome) => {
    const run = invoke(event, png, { binaryMediaTypes: ['image/png'], acceptRule })
    if (outcome === 'encoded')
      expect((await run) as EncodedBinaryResponse).toMatchObject({ isBase64Encoded: true })
    else expect((await rejection(run)).statusCode).toBe(406)
  })
})

describe('results that pass through: the very same value, not copied, not mutated', () => {
  test.each([
    ['a JSON object', { message: 'hello' }],
    ['an array', [1, 2, 3]],
    ['an array holding bytes', [png]],
    ['a string', 'hello'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    [
      'a proxy result with a string body',
      { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' },
    ],
    ['a proxy result already encoded', { statusCode: 200, body: png, isBase64Encoded: true }],
    [
      'a proxy result with a base64 string',
      { statusCode: 200, body: png.toString('base64'), isBase64Encoded: true },
    ],
  ])('%s', async (_name, result) => {
    const before = structuredClone(result)
    for (const event of [
      restApiEvent(ACCEPT.json),
      httpApiEvent('*/*'),
      albMultiValueEvent('*/*'),
    ]) {
      const response = await invoke(event, result)
      expect(response).toBe(result)
      expect(response).toEqual(before)
    }
  })

  test.each([
    ['SQS', sqsEvent()],
    ['a direct invoke', { report: 'monthly' }],
    ['no event', undefined],
  ])('bytes returned for an event that is not HTTP (%s) are left alone', async (_name, event) => {
    const result = { statusCode: 200, body: png }
    expect(await invoke(event, png)).toBe(png)
    expect(await invoke(event, result)).toBe(result)
    expect(result.body).toBe(png)
  })
})

describe('what a match produces', () => {
  test('a missing statusCode means 200; the handler’s own fields, headers and Content-Type are kept', async () => {
    const result = {
      headers: { 'content-type': 'image/x-icon', 'Cache-Control': 'max-age=3600' },
      cookies: ['session=abc; Secure; HttpOnly'],
      body: png,
    }
    const before = structuredClone(result)
    const response = await invokeEncoded(httpApiEvent(ACCEPT.browserImage), result)
    expect(response).toEqual({
      statusCode: 200,
      headers: {
        'Cache-Control': 'max-age=3600',
        'Content-Type': 'image/x-icon',
        Vary: 'Accept',
        'X-Content-Type-Options': 'nosniff',
      },
      cookies: ['session=abc; Secure; HttpOnly'],
      body: png.toString('base64'),
      isBase64Encoded: true,
    })
    expect(result).toEqual(before)
  })

  test('exactly one Content-Type header afterwards, whatever cases the handler used', async () => {
    const response = await invokeEncoded(restApiEvent('*/*'), {
      statusCode: 201,
      headers: { 'CONTENT-TYPE': 'image/png', 'content-type': 'image/gif' },
      multiValueHeaders: { 'Content-type': ['image/jpeg'], 'Set-Cookie': ['a=1', 'b=2'] },
      body: png,
    })
    const names = [
      ...Object.keys(response.headers ?? {}),
      ...Object.keys(response.multiValueHeaders ?? {}),
    ]
    expect(names.filter((name) => name.toLowerCase() === 'content-type')).toEqual(['Content-Type'])
    expect(response.headers?.['Content-Type']).toBe('image/png')
    expect(response.multiValueHeaders).toEqual({ 'Set-Cookie': ['a=1', 'b=2'] })
    expect(response.statusCode).toBe(201)
  })

  test('Vary gains Accept, merged with the Vary already there', async () => {
    const response = await invokeEncoded(restApiEvent('*/*'), {
      headers: { vary: 'Origin' },
      multiValueHeaders: { Vary: ['Accept-Encoding', 'origin'] },
      body: png,
    })
    expect(response.headers?.Vary).toBe('Origin, Accept-Encoding, Accept')
  })

  test('ALB with multi-value headers: multiValueHeaders only, and a statusDescription', async () => {
    const response = await invokeEncoded(albMultiValueEvent(ACCEPT.browserImage), {
      statusCode: 200,
      headers: { 'Cache-Control': 'no-cache' },
      body: png,
    })
    expect(response).toEqual({
      statusCode: 200,
      statusDescription: '200 OK',
      multiValueHeaders: {
        'Cache-Control': ['no-cache'],
        'Content-Type': ['image/png'],
        Vary: ['Accept'],
        'X-Content-Type-Options': ['nosniff'],
      },
      body: png.toString('base64'),
      isBase64Encoded: true,
    })
  })

  test('ALB without multi-value headers: headers, and a statusDescription', async () => {
    const response = await invokeEncoded(albEvent(ACCEPT.curl), png)
    expect(response.statusDescription).toBe('200 OK')
    expect(response.headers?.['Content-Type']).toBe('image/png')
    expect(response).not.toHaveProperty('multiValueHeaders')
  })

  test.each([
    [
      'Uint8Array at an offset',
      new Uint8Array(Uint8Array.from(Buffer.concat([Buffer.alloc(5), png])).buffer, 5, png.length),
    ],
    [
      'DataView',
      new DataView(
        Uint8Array.from(Buffer.concat([Buffer.alloc(2), png, Buffer.alloc(3)])).buffer,
        2,
        png.length,
      ),
    ],
    ['ArrayBuffer', Uint8Array.from(png).buffer],
  ])('%s: exactly the bytes it views', async (_name, container) => {
    const response = await invokeEncoded(functionUrlEvent('*/*'), { body: container })
    expect(decoded(response)).toEqual(png)
    expect(response.headers?.['Content-Type']).toBe('image/png')
  })

  test('a detached ArrayBuffer is a clear 500', async () => {
    const buffer = Uint8Array.from(png).buffer
    structuredClone(buffer, { transfer: [buffer] })
    const error = await rejection(invoke(httpApiEvent('*/*'), buffer))
    expect(error.statusCode).toBe(500)
    expect(error.message).toMatch(/detached ArrayBuffer/)
  })

  test('the other after middlewares still run, and see the encoded response', async () => {
    const seen: unknown[] = []
    const observer: MiddlewareObj = {
      after: (request) => {
        seen.push(request.response)
      },
    }
    // `after` hooks run in reverse order of use(): the observer, used first, runs after binaryResponse.
    const handler = middy(async () => png)
      .use(observer)
      .use(binaryResponse())
    const response = await handler(restApiEvent('image/png'), lambdaContext())
    expect(seen).toEqual([response])
    expect(response).toMatchObject({ isBase64Encoded: true })
  })

  test.each([
    ['REST', restApiEvent('*/*'), 6_291_556],
    ['ALB', albEvent('*/*'), 1_048_576],
  ])(
    '%s: a response over the platform limit is an HttpError 500, never returned',
    async (_name, event, limit) => {
      const tooLarge = Buffer.alloc(Math.ceil((limit / 4) * 3))
      const error = await rejection(invoke(event, tooLarge))
      expect(error.statusCode).toBe(500)
      expect(error.message).toContain(`${limit.toLocaleString('en-US')}-byte limit`)
    },
  )

  test('maxResponseSize lowers the limit', async () => {
    const error = await rejection(invoke(httpApiEvent('*/*'), png, { maxResponseSize: 1024 }))
    expect(error.statusCode).toBe(500)
    expect(error.message).toContain('over the 1,024-byte limit.')
  })
})
