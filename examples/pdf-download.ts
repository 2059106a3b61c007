import { readFileSync } from 'node:fs'
import middy from '@middy/core'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import binaryResponse, { binaryHandler } from 'middy-binary-response'
import { attachment } from 'middy-binary-response/attachment'
import { errorHandler } from './error-handler.ts'

const report = readFileSync(new URL('./assets/report.pdf', import.meta.url))

// For an HTTP API with payload format 2.0 (a 1.0 event looks like a REST API's, so the first-type rule
// would refuse a navigation, which starts with text/html), or a Function URL in BUFFERED invoke mode
// (RESPONSE_STREAM would send the base64 text).
// `attachment` names the file the browser saves (Content-Disposition, a non-ASCII name as `filename*`).
// The middleware adds Accept-Ranges, so a download manager can resume, and `etag: true` lets a browser
// that already holds this report revalidate it with a 304 instead of downloading it again.
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
  binaryHandler(async () =>
    attachment('report.pdf', report, {
      headers: { 'Content-Type': 'application/pdf', 'Cache-Control': 'no-cache' },
    }),
  ),
)
  .use(
    // HTTP APIs and Function URLs have no binaryMediaTypes and always decode, so this list is not a gateway
    // setting but the type this route serves, negotiated against the whole Accept header: a browser
    // navigation (through `*/*;q=0.8`) and curl (`*/*`) accept a PDF, while a client that accepts only
    // application/json gets 406. The default `*/*` would send the PDF to every client.
    binaryResponse({ binaryMediaTypes: ['application/pdf'], etag: true }),
  )
  .use(errorHandler())
