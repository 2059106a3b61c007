import { createReadStream } from 'node:fs'
import middy from '@middy/core'
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import binaryResponse from 'middy-binary-response'
import { errorHandler } from './error-handler.ts'

// For a Function URL with invoke mode RESPONSE_STREAM (or a REST API with response streaming): the bytes go
// out raw as they are read, past the 6 MB limit of buffered responses (streams may send up to 200 MB).
// Base64 would reach the client as text here, hence `streaming: true`. The Content-Type is sniffed from
// the first bytes; the rest is never held in memory. A 406 is written as the error handler's text
// response.
export const handler = middy<APIGatewayProxyEventV2>({
  executionMode: executionModeStreamifyResponse,
})
  .use(binaryResponse({ streaming: true, binaryMediaTypes: ['application/pdf'] }))
  .use(errorHandler())
  .handler(async () => ({
    statusCode: 200,
    headers: { 'Content-Disposition': 'inline; filename="report.pdf"' },
    body: createReadStream(new URL('./assets/report.pdf', import.meta.url)),
  }))
