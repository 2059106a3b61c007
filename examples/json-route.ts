import middy from '@middy/core'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import binaryResponse from 'middy-binary-response'
import { errorHandler } from './error-handler.ts'
import { restApiBinaryMediaTypes } from './rest-api.ts'

// A string body is not bytes: the middleware leaves the result untouched whatever the Accept header, so
// the same stack can wrap every route of the API. API Gateway passes a result that is not
// isBase64Encoded through as text.
export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>(async () => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ name: 'logo.png', type: 'image/png', href: '/images/logo.png' }),
}))
  .use(binaryResponse({ binaryMediaTypes: restApiBinaryMediaTypes }))
  .use(errorHandler())
