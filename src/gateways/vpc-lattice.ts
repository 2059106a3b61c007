/**
 * Amazon VPC Lattice, Lambda target with event structure version 2: `version: "2.0"`, the request's
 * `method` and `path` at the top, headers as lists of strings, and a `requestContext` naming the service
 * network, service and target group (`targetGroupArn`), but no `requestContext.http`, which HTTP API
 * payload 2.0 events carry.
 *
 * "Base64 encode the content and set isBase64Encoded to true. The service decodes the content." It decodes
 * whatever Accept says, so negotiation decides. It reads `statusCode`, single-value `headers`, `body` and
 * `isBase64Encoded` from a response JSON of at most 6 MB.
 */
import { LATTICE_RESPONSE_LIMIT } from '../limits.js'
import {
  fixedLimit,
  type Gateway,
  headersValues,
  IS_BASE64_ENCODED,
  methodOf,
  proxyEnvelope,
  requestContextOf,
} from './gateway.js'

export const vpcLattice = {
  source: 'vpc-lattice',
  recognises: (event) =>
    event.version === '2.0' &&
    typeof event.method === 'string' &&
    typeof requestContextOf(event)?.targetGroupArn === 'string',
  requestMethod: methodOf,
  requestHeaderValues: headersValues,
  acceptRule: { buffered: 'negotiate', streaming: 'negotiate' },
  responseLimit: fixedLimit(LATTICE_RESPONSE_LIMIT, 'a VPC Lattice response'),
  streams: true,
  base64Marker: IS_BASE64_ENCODED,
  writeEnvelope: proxyEnvelope,
} as const satisfies Gateway<'vpc-lattice'>
