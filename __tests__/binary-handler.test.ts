/**
 * binaryHandler only changes a handler's declared type: at run time it is the same function, and a stack
 * built with it encodes as any other. (Its types are tested in types.typetest.ts.)
 */
import { expect, test } from '@jest/globals'
import middy from '@middy/core'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import binaryResponse, { type BinaryHandlerResult, binaryHandler } from '../src/index.js'
import { ACCEPT, lambdaContext, restApiEvent } from './support/events.js'
import { readFixture } from './support/fixtures.js'

const png = readFixture('image.png')

test('returns the very same function', () => {
  const handler = async (_event: APIGatewayProxyEvent) => png
  expect(binaryHandler(handler)).toBe(handler)
})

const handlers: [string, () => Promise<BinaryHandlerResult>][] = [
  ['bytes alone', async () => png],
  [
    'a proxy result around them',
    async () => ({ headers: { 'Cache-Control': 'max-age=60' }, body: png }),
  ],
]

test.each(handlers)('%s: the stack answers the encoded response', async (_case, handler) => {
  const stack = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(binaryResponse({ binaryMediaTypes: ['image/*'] }))
    .handler(binaryHandler(handler))
  const response = await stack(restApiEvent(ACCEPT.browserImage), lambdaContext())
  expect(response.statusCode).toBe(200)
  expect(response.isBase64Encoded).toBe(true)
  expect(Buffer.from(response.body, 'base64')).toEqual(png)
})
