import { readFileSync } from 'node:fs'
import middy from '@middy/core'
import type { ALBEvent, ALBResult } from 'aws-lambda'
import binaryResponse, { binaryHandler } from 'middy-binary-response'
import { errorHandler } from './error-handler.ts'

const logo = readFileSync(new URL('./assets/logo.png', import.meta.url))

// An ALB always decodes base64, but requires `statusDescription`, and `multiValueHeaders` instead of
// `headers` when the target group has multi-value headers on: the middleware reads which from the event,
// so this one handler serves both settings. The ALB's 1 MB response limit allows about 0.75 MiB of bytes.
export const handler = middy<ALBEvent, ALBResult>(
  binaryHandler(async () => ({
    headers: { 'Cache-Control': 'public, max-age=86400' },
    body: logo,
  })),
)
  .use(binaryResponse({ binaryMediaTypes: ['image/png'] }))
  .use(errorHandler())
