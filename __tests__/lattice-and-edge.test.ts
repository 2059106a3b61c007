/**
 * VPC Lattice and Lambda@Edge through real Middy stacks: what each trigger gets, the refusals as responses
 * CloudFront accepts (with the real `@middy/http-error-handler`), and the Edge stack with the real
 * `@middy/http-cors` and `@middy/http-security-headers`.
 */
import { describe, expect, test } from '@jest/globals'
import middy, { type MiddlewareObj } from '@middy/core'
import httpCors from '@middy/http-cors'
import httpErrorHandler from '@middy/http-error-handler'
import httpSecurityHeaders from '@middy/http-security-headers'
import { createError } from '@middy/util'
import type { CloudFrontResponseEvent } from 'aws-lambda'
import * as fc from 'fast-check'
import { type BinaryResponseOptions, binaryResponse } from '../src/index.js'
import { rejection } from './support/errors.js'
import {
  ACCEPT,
  edgeRequestEvent,
  edgeResponseEvent,
  lambdaContext,
  latticeEvent,
  latticeV1Event,
} from './support/events.js'
import { readFixture } from './support/fixtures.js'
import { PROPERTY_RUNS } from './support/property-runs.js'

const png = readFixture('image.png')
// 97 KB: more than a viewer-request response may carry, well within an origin trigger's 1 MB.
const zip = readFixture('many-entries.zip')
const errorHandler = () => httpErrorHandler({ logger: false })

const run = (use: readonly MiddlewareObj[], event: unknown, result: () => unknown) =>
  middy()
    .use([...use])
    .handler(async () => result())(event as never, lambdaContext()) as Promise<
    Record<string, unknown>
  >

/** The stack the Lambda@Edge setup recommends: the error handler last, so its onError runs first. */
const edgeStack = (options?: BinaryResponseOptions) => [
  binaryResponse({ binaryMediaTypes: ['image/*'], ...options }),
  errorHandler(),
]

/**
 * What CloudFront validates in a generated response (AWS's "Generating HTTP responses in request
 * triggers"): a `status` string from 200 to 599, headers as lists of `{ key?, value }` under lowercase
 * names, a string body whose `bodyEncoding` is `text` or `base64`, and no proxy fields.
 */
const edgeProblems = (response: Record<string, unknown>): string[] => {
  const problems: string[] = []
  const { status, headers, body, bodyEncoding } = response
  if (typeof status !== 'string' || !/^[2-5]\d\d$/.test(status)) problems.push(`status ${status}`)
  for (const field of ['statusCode', 'isBase64Encoded', 'multiValueHeaders']) {
    if (field in response) problems.push(`has ${field}`)
  }
  for (const [name, entries] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    const valid =
      name === name.toLowerCase() &&
      Array.isArray(entries) &&
      entries.length > 0 &&
      entries.every(
        (entry: { key?: unknown; value?: unknown }) =>
          typeof entry.value === 'string' &&
          (entry.key === undefined || (entry.key as string).toLowerCase() === name),
      )
    if (!valid) problems.push(`header ${name}`)
  }
  if (
    body !== undefined &&
    (typeof body !== 'string' || !['text', 'base64'].includes(bodyEncoding as string))
  ) {
    problems.push('body')
  }
  return problems
}

const headerValue = (response: Record<string, unknown>, name: string): string | undefined =>
  (response.headers as Record<string, Array<{ value: string }>>)[name]
    ?.map((entry) => entry.value)
    .join(', ')

describe('Lambda@Edge, each trigger', () => {
  test.each([
    ['viewer request', edgeRequestEvent(ACCEPT.browserImage)],
    ['origin request, Accept forwarded', edgeRequestEvent(ACCEPT.browserImage, 'origin-request')],
    ['origin request, no Accept forwarded', edgeRequestEvent(undefined, 'origin-request')],
    ['origin response', edgeResponseEvent(ACCEPT.browserImage)],
  ])('%s: the bytes', async (_name, event) => {
    const response = await run(edgeStack(), event, () => ({ statusCode: 200, body: png }))
    expect(edgeProblems(response)).toEqual([])
    expect(response).toMatchObject({
      status: '200',
      statusDescription: 'OK',
      bodyEncoding: 'base64',
    })
    expect(Buffer.from(response.body as string, 'base64').equals(png)).toBe(true)
    expect(headerValue(response, 'content-type')).toBe('image/png')
    expect(headerValue(response, 'vary')).toBe('Accept')
  })

  test('viewer response: untouched', async () => {
    const result = { statusCode: 200, body: png }
    const event = edgeResponseEvent(ACCEPT.browserImage, 'viewer-response')
    expect(await run(edgeStack(), event, () => result)).toBe(result)
  })

  test('streaming mode: untouched', async () => {
    const result = { statusCode: 200, body: png }
    const event = edgeRequestEvent(ACCEPT.browserImage)
    expect(await run(edgeStack({ streaming: true }), event, () => result)).toBe(result)
  })

  test('a result in CloudFront’s shape keeps status and headers', async () => {
    const event = edgeResponseEvent(undefined)
    const response = await run(edgeStack(), event, () => {
      const { cf } = (event as CloudFrontResponseEvent)
        .Records[0] as CloudFrontResponseEvent['Records'][0]
      return {
        ...cf.response,
        status: '404',
        statusDescription: 'Not Found',
        headers: { 'cache-control': [{ key: 'Cache-Control', value: 'max-age=10' }] },
        body: png,
      }
    })
    expect(edgeProblems(response)).toEqual([])
    expect(response.status).toBe('404')
    expect(response.statusDescription).toBe('Not Found')
    expect(response.headers).toMatchObject({
      'cache-control': [{ key: 'Cache-Control', value: 'max-age=10' }],
      'content-type': [{ key: 'Content-Type', value: 'image/png' }],
    })
  })

  test('a Content-Type in CloudFront’s shape is declared', async () => {
    const response = await run(edgeStack(), edgeRequestEvent(ACCEPT.browserImage), () => ({
      statusCode: 200,
      headers: { 'content-type': [{ key: 'Content-Type', value: 'image/x-icon' }] },
      body: png,
    }))
    expect(response.headers).toMatchObject({
      'content-type': [{ key: 'Content-Type', value: 'image/x-icon' }],
    })
  })
})

describe('Lambda@Edge, the size limit of each trigger', () => {
  test.each([
    ['viewer request', edgeRequestEvent(ACCEPT.browserImage), '500'],
    ['origin request', edgeRequestEvent(ACCEPT.browserImage, 'origin-request'), '200'],
    ['origin response', edgeResponseEvent(ACCEPT.browserImage), '200'],
  ])('%s, 97 KB', async (_name, event, status) => {
    const response = await run([binaryResponse(), errorHandler()], event, () => ({
      statusCode: 200,
      body: zip,
    }))
    expect(edgeProblems(response)).toEqual([])
    expect(response.status).toBe(status)
  })

  test('the 500 names the trigger’s limit', async () => {
    const error = await rejection(
      run([binaryResponse()], edgeRequestEvent(ACCEPT.curl), () => ({
        statusCode: 200,
        body: zip,
      })),
    )
    expect(error.statusCode).toBe(500)
    expect(error.message).toContain(
      'over the 40,960-byte limit of a Lambda@Edge viewer-request response',
    )
  })
})

describe('Lambda@Edge refusals', () => {
  test('a 406, with its message and Vary', async () => {
    const response = await run(edgeStack(), edgeRequestEvent(ACCEPT.json), () => ({
      statusCode: 200,
      body: png,
    }))
    expect(edgeProblems(response)).toEqual([])
    expect(response).toEqual({
      status: '406',
      statusDescription: 'Not Acceptable',
      headers: {
        'content-type': [{ key: 'Content-Type', value: 'text/plain' }],
        vary: [{ key: 'Vary', value: 'Accept' }],
      },
      body: 'Not Acceptable: this response is binary and is sent only to requests that accept image/*',
      bodyEncoding: 'text',
    })
  })

  test('the handler’s own HttpError too', async () => {
    const response = await run(edgeStack(), edgeRequestEvent(ACCEPT.json), () => {
      throw createError(404, 'No such image')
    })
    expect(response).toMatchObject({ status: '404', body: 'No such image', bodyEncoding: 'text' })
    expect(edgeProblems(response)).toEqual([])
  })

  test('failOnMismatch: false passes the result through untouched', async () => {
    const result = { statusCode: 200, body: png }
    const stack = edgeStack({ failOnMismatch: false })
    expect(await run(stack, edgeRequestEvent(ACCEPT.json), () => result)).toBe(result)
  })

  test('error handler used first: the proxy shape, invalid', async () => {
    const response = await run(
      [errorHandler(), binaryResponse({ binaryMediaTypes: ['image/*'] })],
      edgeRequestEvent(ACCEPT.json),
      () => ({ statusCode: 200, body: png }),
    )
    expect(response.statusCode).toBe(406)
    expect(edgeProblems(response)).toContain('status undefined')
  })

  test('viewer response: the error as written', async () => {
    const response = await run(
      edgeStack(),
      edgeResponseEvent(ACCEPT.json, 'viewer-response'),
      () => {
        throw createError(404, 'Not Found')
      },
    )
    expect(response.statusCode).toBe(404)
  })

  test('other gateways keep the error handler’s response', async () => {
    const response = await run(edgeStack(), latticeEvent(ACCEPT.json), () => ({
      statusCode: 200,
      body: png,
    }))
    expect(response).toMatchObject({ statusCode: 406, headers: { Vary: 'Accept' } })
  })
})

describe('Lambda@Edge beside http-cors and http-security-headers', () => {
  const stack = () => [
    binaryResponse({ binaryMediaTypes: ['image/*'] }),
    httpSecurityHeaders({ crossOriginResourcePolicy: { policy: 'cross-origin' } }),
    httpCors({ origin: '*' }),
    errorHandler(),
  ]

  test.each([
    ['the bytes', ACCEPT.browserImage, '200'],
    ['the 406', ACCEPT.json, '406'],
  ])('%s: every header in CloudFront’s shape', async (_name, accept, status) => {
    const response = await run(stack(), edgeRequestEvent(accept), () => ({
      statusCode: 200,
      body: png,
    }))
    expect(edgeProblems(response)).toEqual([])
    expect(response.status).toBe(status)
    expect(headerValue(response, 'access-control-allow-origin')).toBe('*')
    expect(headerValue(response, 'x-content-type-options')).toBe('nosniff')
    expect(headerValue(response, 'vary')).toContain('Accept')
  })
  test('used before this middleware: their string headers break it', async () => {
    const response = await run(
      [
        httpCors({ origin: '*' }),
        binaryResponse({ binaryMediaTypes: ['image/*'] }),
        errorHandler(),
      ],
      edgeRequestEvent(ACCEPT.browserImage),
      () => ({ statusCode: 200, body: png }),
    )
    expect(edgeProblems(response)).toEqual(['has statusCode', 'header Access-Control-Allow-Origin'])
  })
})

describe('Lambda@Edge, any headers', () => {
  const valueArb = fc.oneof(fc.string(), fc.integer(), fc.boolean())
  test('the response is one CloudFront reads, or the result untouched', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          edgeRequestEvent(ACCEPT.browserImage),
          edgeRequestEvent(ACCEPT.json, 'origin-request'),
          edgeResponseEvent(undefined),
          edgeResponseEvent(undefined, 'viewer-response'),
        ),
        fc.dictionary(fc.string({ minLength: 1 }), valueArb),
        fc.dictionary(fc.string({ minLength: 1 }), fc.array(valueArb, { maxLength: 3 })),
        async (event, headers, multiValueHeaders) => {
          const result = { statusCode: 200, headers, multiValueHeaders, body: png }
          const response = await run(edgeStack(), event, () => result)
          if (response !== result) expect(edgeProblems(response)).toEqual([])
        },
      ),
      PROPERTY_RUNS,
    )
  }, 60_000)
})

describe('VPC Lattice through Middy', () => {
  test.each([
    ['v2', latticeEvent(ACCEPT.browserNavigation)],
    ['v1', latticeV1Event(ACCEPT.browserNavigation)],
  ])('%s: a browser navigation gets the bytes', async (_name, event) => {
    const response = await run(edgeStack(), event, () => png)
    expect(response).toMatchObject({
      statusCode: 200,
      headers: { 'Content-Type': 'image/png', Vary: 'Accept' },
      isBase64Encoded: true,
    })
    expect(response).not.toHaveProperty('statusDescription')
    expect(Buffer.from(response.body as string, 'base64').equals(png)).toBe(true)
  })

  test.each([
    ['v2', latticeEvent(ACCEPT.json)],
    ['v1', latticeV1Event(ACCEPT.json)],
  ])('%s: a JSON client gets the 406', async (_name, event) => {
    const response = await run(edgeStack(), event, () => png)
    expect(response.statusCode).toBe(406)
  })
})
