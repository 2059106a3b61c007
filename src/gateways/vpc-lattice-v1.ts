/**
 * Amazon VPC Lattice, Lambda target with event structure version 1: snake_case fields (`raw_path`,
 * `query_string_parameters`, `is_base64_encoded`) beside `method`, no `version`, and repeated headers
 * joined into one string (`"a, b"`). Its responses are read as version 2's are.
 */
import { LATTICE_RESPONSE_LIMIT } from '../limits.js'
import {
  fixedLimit,
  type Gateway,
  headersValues,
  IS_BASE64_ENCODED,
  methodOf,
  proxyEnvelope,
} from './gateway.js'

export const vpcLatticeV1 = {
  source: 'vpc-lattice-v1',
  // `raw_path` is Lattice's own spelling: no API Gateway, ALB or CloudFront event has it.
  recognises: (event) => typeof event.raw_path === 'string' && typeof event.method === 'string',
  requestMethod: methodOf,
  requestHeaderValues: headersValues,
  acceptRule: { buffered: 'negotiate', streaming: 'negotiate' },
  responseLimit: fixedLimit(LATTICE_RESPONSE_LIMIT, 'a VPC Lattice response'),
  streams: true,
  base64Marker: IS_BASE64_ENCODED,
  writeEnvelope: proxyEnvelope,
} as const satisfies Gateway<'vpc-lattice-v1'>
