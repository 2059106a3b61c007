import { readFileSync } from 'node:fs'
import middy from '@middy/core'
import httpContentEncoding from '@middy/http-content-encoding'
import httpContentNegotiation from '@middy/http-content-negotiation'
import httpCors from '@middy/http-cors'
import httpHeaderNormalizer from '@middy/http-header-normalizer'
import httpRouterHandler, { type Route } from '@middy/http-router'
import httpSecurityHeaders from '@middy/http-security-headers'
import { createError } from '@middy/util'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import binaryResponse, { binaryHandler } from 'middy-binary-response'
import { errorHandler } from './error-handler.ts'
import { restApiBinaryMediaTypes } from './rest-api.ts'

const thumbnail = readFileSync(new URL('./assets/logo.png', import.meta.url))

const products = [{ id: 'logo', name: 'Logo', thumbnail: '/catalog/logo/thumbnail' }]

const findProduct = (event: APIGatewayProxyEvent) => {
  const product = products.find(({ id }) => id === event.pathParameters?.id)
  if (product === undefined) throw createError(404, 'No such product')
  return product
}

const json = (body: unknown): APIGatewayProxyResult => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
})

// @middy/http-router types every route's result as a proxy result. The binary route returns bytes, which
// binaryResponse encodes once the router has answered: binaryHandler types it as that encoded response.
const routes: Route<APIGatewayProxyEvent, APIGatewayProxyResult>[] = [
  // JSON routes: the compressor gzips them for clients that ask.
  { method: 'GET', path: '/catalog', handler: async () => json(products) },
  {
    method: 'GET',
    path: '/catalog/{id}',
    handler: async (event: APIGatewayProxyEvent) => json(findProduct(event)),
  },
  // A binary route: the same stack sends its bytes as themselves, to <img> tags.
  {
    method: 'GET',
    path: '/catalog/{id}/thumbnail',
    handler: binaryHandler(async (event: APIGatewayProxyEvent) => {
      findProduct(event)
      return { headers: { 'Cache-Control': 'public, max-age=86400' }, body: thumbnail }
    }),
  },
]

// The recommended stack. Middy runs `after` and `onError` hooks in the reverse of `.use()` order:
// - binaryResponse is used after the compressor (and after a response serializer, if you use one), so its
//   after-hook runs before theirs, on the route's raw bytes; they then skip the encoded response (it has a
//   Content-Type, and isBase64Encoded).
// - the error handler (@middy/http-error-handler) is used last, so its onError runs first and turns a 404
//   or 406 into a response before the onError hooks of httpCors and httpSecurityHeaders, which add their
//   headers only to a response.
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
  .use(binaryResponse({ binaryMediaTypes: restApiBinaryMediaTypes }))
  .use(errorHandler())
  .handler(httpRouterHandler(routes))
