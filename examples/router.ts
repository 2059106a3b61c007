import { readFileSync } from 'node:fs'
import middy from '@middy/core'
import httpContentEncoding from '@middy/http-content-encoding'
import httpContentNegotiation from '@middy/http-content-negotiation'
import httpCors from '@middy/http-cors'
import httpHeaderNormalizer from '@middy/http-header-normalizer'
import httpResponseSerializer from '@middy/http-response-serializer'
import httpRouterHandler, { type Route } from '@middy/http-router'
import httpSecurityHeaders from '@middy/http-security-headers'
import { createError } from '@middy/util'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import binaryResponse, { type BinaryProxyResult } from 'middy-binary-response'
import { errorHandler } from './error-handler.ts'
import { restApiBinaryMediaTypes } from './rest-api.ts'

const thumbnail = readFileSync(new URL('./assets/logo.png', import.meta.url))

const products = [{ id: 'logo', name: 'Logo', thumbnail: '/catalog/logo/thumbnail' }]

const findProduct = (event: APIGatewayProxyEvent) => {
  const product = products.find(({ id }) => id === event.pathParameters?.id)
  if (product === undefined) throw createError(404, 'No such product')
  return product
}

// The router's types expect string bodies; the JSON routes return objects for the serializer, the binary
// route returns bytes for binaryResponse. Both are proxy results by the time the stack has run.
type RouteResult = APIGatewayProxyResult | BinaryProxyResult | { statusCode: number; body: unknown }
const route = (
  path: string,
  handler: (event: APIGatewayProxyEvent) => RouteResult,
): Route<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  method: 'GET',
  path,
  handler: async (event: APIGatewayProxyEvent) => handler(event) as APIGatewayProxyResult,
})

const routes = [
  // JSON routes: the serializer writes the body; the compressor gzips it for clients that ask.
  route('/catalog', () => ({ statusCode: 200, body: products })),
  route('/catalog/{id}', (event) => ({ statusCode: 200, body: findProduct(event) })),
  // A binary route: the same stack sends its bytes as themselves, to <img> tags.
  route('/catalog/{id}/thumbnail', (event) => {
    findProduct(event)
    return {
      statusCode: 200,
      headers: { 'Cache-Control': 'public, max-age=86400' },
      body: thumbnail,
    }
  }),
]

// The recommended stack. Middy runs `after` and `onError` hooks in the reverse of `.use()` order:
// - binaryResponse is used after the serializer and the compressor, so its after-hook runs before theirs,
//   on the route's raw bytes; they then skip the encoded response (it has a Content-Type, and
//   isBase64Encoded).
// - the error handler (@middy/http-error-handler) is used last, so its onError runs first and turns a 404 or 406 into a response before
//   the onError hooks of httpCors and httpSecurityHeaders, which add their headers only to a response.
export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(httpHeaderNormalizer())
  .use(
    httpContentNegotiation({
      parseCharsets: false,
      parseLanguages: false,
      // binaryResponse decides Accept for the binary route; JSON routes always answer JSON.
      parseMediaTypes: false,
      availableEncodings: ['br', 'gzip', 'identity'],
    }),
  )
  // Images here are meant for <img> tags on other sites too: let them embed them.
  .use(httpSecurityHeaders({ crossOriginResourcePolicy: { policy: 'cross-origin' } }))
  .use(httpCors({ origin: '*' }))
  .use(httpContentEncoding())
  .use(
    httpResponseSerializer({
      serializers: [
        { regex: /^application\/json$/, serializer: ({ body }) => JSON.stringify(body) },
      ],
      defaultContentType: 'application/json',
    }),
  )
  .use(binaryResponse({ binaryMediaTypes: restApiBinaryMediaTypes }))
  .use(errorHandler())
  .handler(httpRouterHandler(routes))
