import { readFileSync } from 'node:fs'
import middy from '@middy/core'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import binaryResponse, { binaryHandler } from 'middy-binary-response'
import { errorHandler } from './error-handler.ts'

const report = readFileSync(new URL('./assets/report.pdf', import.meta.url))

// For an HTTP API with payload format 2.0 (a 1.0 event looks like a REST API's, so the first-type rule
// would refuse a navigation, which starts with text/html), or a Function URL in BUFFERED invoke mode
// (RESPONSE_STREAM would send the base64 text).
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
  binaryHandler(async () => ({
    statusCode: 200,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': 'attachment; filename="report.pdf"',
    },
    body: report,
  })),
)
  .use(
    // HTTP APIs and Function URLs have no binaryMediaTypes and always decode, so this list is not a gateway
    // setting but the type this route serves, negotiated against the whole Accept header: a browser
    // navigation (through `*/*;q=0.8`) and curl (`*/*`) accept a PDF, while a client that accepts only
    // application/json gets 406. The default `*/*` would send the PDF to every client.
    binaryResponse({ binaryMediaTypes: ['application/pdf'] }),
  )
  .use(errorHandler())
