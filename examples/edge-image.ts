import { readFileSync } from 'node:fs'
import middy from '@middy/core'
import type { CloudFrontRequestEvent } from 'aws-lambda'
import binaryResponse, {
  type BinaryHandlerResult,
  type EncodedEdgeResponse,
} from 'middy-binary-response'
import { errorHandler } from './error-handler.ts'

const logo = readFileSync(new URL('./assets/logo.png', import.meta.url))

// A Lambda@Edge function on the origin-request trigger (the response is cached, and may be up to 1 MB of
// headers and body; a viewer-request one only 40 KB) or on viewer-request. The handler writes the usual
// proxy result; the middleware writes CloudFront's `{ status: '200', headers: { 'content-type': [{ key,
// value }] }, body, bodyEncoding: 'base64' }`. CloudFront decodes base64 whatever Accept says, so the list
// is negotiated against the viewer's Accept, which an origin-request function sees only when the cache
// policy (or origin request policy) forwards it. Here the order matters: binaryResponse first, the error
// handler last, so that the 406 it writes is rewritten in CloudFront's shape before CloudFront reads it.
export const handler = middy<CloudFrontRequestEvent, BinaryHandlerResult | EncodedEdgeResponse>(
  async () => ({
    statusCode: 200,
    headers: { 'Cache-Control': 'public, max-age=86400' },
    body: logo,
  }),
)
  .use(binaryResponse({ binaryMediaTypes: ['image/*'] }))
  .use(errorHandler())
