/**
 * API Gateway REST API, Lambda proxy integration (payload 1.0). Its events carry `httpMethod` and no
 * top-level `version` (the console's test event, AWS's samples).
 *
 * It decodes a base64 body only when the request's FIRST Accept media type matches the API's
 * binaryMediaTypes; otherwise the client receives the base64 text. With response streaming
 * (`responseTransferMode: STREAM`) it passes the raw bytes on and decodes nothing, so negotiation decides.
 */
import { LAMBDA_RESPONSE_LIMIT } from '../limits.js'
import {
  fixedLimit,
  type Gateway,
  httpMethodOf,
  IS_BASE64_ENCODED,
  proxyEnvelope,
  proxyRequestHeaderValues,
} from './gateway.js'

export const restApi = {
  source: 'rest-api',
  // The last row: any other event with an `httpMethod` gets the strictest rule, which can only refuse.
  recognises: (event) => typeof event.httpMethod === 'string',
  requestMethod: httpMethodOf,
  requestHeaderValues: proxyRequestHeaderValues,
  acceptRule: { buffered: 'rest-api', streaming: 'negotiate' },
  responseLimit: fixedLimit(LAMBDA_RESPONSE_LIMIT, 'a Lambda response'),
  streams: true,
  base64Marker: IS_BASE64_ENCODED,
  writeEnvelope: proxyEnvelope,
} as const satisfies Gateway<'rest-api'>
