import { readFileSync } from 'node:fs'
import middy from '@middy/core'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import binaryResponse, { binaryHandler } from 'middy-binary-response'
import { errorHandler } from './error-handler.ts'
import { restApiBinaryMediaTypes } from './rest-api.ts'

// Read once per cold start. A bundler must ship assets/ next to the bundle: the URL is module-relative.
const logo = readFileSync(new URL('./assets/logo.png', import.meta.url))

// For <img src>, browsers send `image/jxl,image/avif,…,image/*,*/*;q=0.8`: its first type is an image, so
// it matches `image/*` and API Gateway decodes. curl and fetch() send `*/*` first, which an `image/*` list
// does not match: they get a 406 response (from the error handler) rather than base64 text. The bytes alone
// are enough: the Content-Type is read from their signature.
export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>(
  binaryHandler(async () => logo),
)
  .use(binaryResponse({ binaryMediaTypes: restApiBinaryMediaTypes }))
  .use(errorHandler())
