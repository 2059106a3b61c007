import { readFileSync } from 'node:fs'
import middy from '@middy/core'
import binaryResponse, {
  type BinaryHandlerResult,
  type EncodedBinaryResponse,
} from 'middy-binary-response'
import { errorHandler } from './error-handler.ts'

const report = readFileSync(new URL('./assets/report.pdf', import.meta.url))

// A VPC Lattice target (event structure version 2 or 1: the middleware reads either). Lattice decodes every
// `isBase64Encoded: true` body, so `application/pdf` is negotiated against the whole Accept header, as
// behind an HTTP API; its response JSON may be up to 6 MB.
export const handler = middy<unknown, BinaryHandlerResult | EncodedBinaryResponse>(async () => ({
  statusCode: 200,
  headers: { 'Content-Disposition': 'attachment; filename="report.pdf"' },
  body: report,
}))
  .use(errorHandler())
  .use(binaryResponse({ binaryMediaTypes: ['application/pdf'] }))
