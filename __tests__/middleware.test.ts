import { describe, expect, test } from '@jest/globals'
import middy from '@middy/core'
import binaryResponse from '../src/index.js'
import { lambdaContext, restApiEvent } from './support/events.js'
import { readFixture } from './support/fixtures.js'

describe('smoke', () => {
  test('png through REST', async () => {
    const png = readFixture('image.png')
    const handler = middy(async () => png).use(binaryResponse())
    const response = await handler(restApiEvent('image/png'), lambdaContext())
    expect(response).toMatchObject({ statusCode: 200, isBase64Encoded: true })
    expect(Buffer.from(response.body, 'base64')).toEqual(png)
    console.log(response.headers, process.version)
  })
})
