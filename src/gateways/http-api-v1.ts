/**
 * API Gateway HTTP API with payload format 1.0. Its events have the REST API's shape (`httpMethod`,
 * `headers` and `multiValueHeaders`) plus a top-level `version: "1.0"`, which REST API events never carry.
 *
 * HTTP APIs have no binaryMediaTypes: they decode every `isBase64Encoded: true` body, whatever Accept says.
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

export const httpApiV1 = {
  source: 'http-api-v1',
  recognises: (event) => event.version === '1.0' && typeof event.httpMethod === 'string',
  requestMethod: httpMethodOf,
  requestHeaderValues: proxyRequestHeaderValues,
  acceptRule: { buffered: 'negotiate', streaming: 'negotiate' },
  responseLimit: fixedLimit(LAMBDA_RESPONSE_LIMIT, 'a Lambda response'),
  streams: true,
  base64Marker: IS_BASE64_ENCODED,
  writeEnvelope: proxyEnvelope,
} as const satisfies Gateway<'http-api-v1'>
