/**
 * API Gateway HTTP API with payload format 2.0, and Lambda Function URLs (which send the same events):
 * `version: "2.0"` and `requestContext.http`. Header names arrive lowercase, repeated headers joined by
 * commas.
 *
 * They decode every `isBase64Encoded: true` body, whatever Accept says.
 */

import { isRecord } from '../is-record.js'
import { LAMBDA_RESPONSE_LIMIT } from '../limits.js'
import {
  fixedLimit,
  type Gateway,
  IS_BASE64_ENCODED,
  proxyEnvelope,
  proxyRequestHeaderValues,
  requestContextOf,
} from './gateway.js'

export const httpApi = {
  source: 'http-api',
  recognises: (event) => event.version === '2.0' && isRecord(requestContextOf(event)?.http),
  // Payload 2.0 moves the method into the request context.
  requestMethod: (event) => {
    const method = (requestContextOf(event)?.http as { method?: unknown } | undefined)?.method
    return typeof method === 'string' ? method : undefined
  },
  requestHeaderValues: proxyRequestHeaderValues,
  acceptRule: { buffered: 'negotiate', streaming: 'negotiate' },
  responseLimit: fixedLimit(LAMBDA_RESPONSE_LIMIT, 'a Lambda response'),
  streams: true,
  base64Marker: IS_BASE64_ENCODED,
  writeEnvelope: proxyEnvelope,
} as const satisfies Gateway<'http-api'>
