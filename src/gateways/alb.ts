/**
 * Application Load Balancer, Lambda target: events carry `requestContext.elb`. It always decodes a base64
 * body, takes a response JSON of at most 1 MB, expects `statusDescription`, and reads the response's
 * headers from `multiValueHeaders` only when the target group has multi-value headers enabled (the event
 * then carries `multiValueHeaders` too).
 */
import { STATUS_CODES } from 'node:http'
import type { MultiValueHeaders } from '../headers.js'
import { isRecord } from '../is-record.js'
import { ALB_RESPONSE_LIMIT } from '../limits.js'
import type { DraftResponse } from '../response/draft.js'
import {
  fixedLimit,
  type Gateway,
  httpMethodOf,
  IS_BASE64_ENCODED,
  type LambdaEvent,
  proxyEnvelope,
  proxyRequestHeaderValues,
  type ResponseEnvelope,
  requestContextOf,
} from './gateway.js'

/**
 * Every header as a list, for a multi-value target group: the handler's `multiValueHeaders`, then each
 * single-valued header not already there (where both name a header the `multiValueHeaders` entry wins, as
 * API Gateway merges them).
 */
const asMultiValueHeaders = (draft: DraftResponse<unknown>): MultiValueHeaders => {
  const written: MultiValueHeaders = { ...draft.multiValueHeaders }
  const present = new Set(Object.keys(written).map((name) => name.toLowerCase()))
  for (const [name, value] of Object.entries(draft.headers)) {
    if (!present.has(name.toLowerCase())) written[name] = [value]
  }
  return written
}

const writeEnvelope = (draft: DraftResponse<unknown>, event: LambdaEvent): ResponseEnvelope => {
  const envelope: ResponseEnvelope = isRecord(event.multiValueHeaders)
    ? {
        ...draft.fields,
        statusCode: draft.statusCode,
        multiValueHeaders: asMultiValueHeaders(draft),
      }
    : proxyEnvelope(draft)
  if (typeof envelope.statusDescription !== 'string') {
    const { statusCode } = envelope
    envelope.statusDescription = `${statusCode} ${STATUS_CODES[statusCode] ?? ''}`.trimEnd()
  }
  return envelope
}

export const alb = {
  source: 'alb',
  recognises: (event) => isRecord(requestContextOf(event)?.elb),
  requestMethod: httpMethodOf,
  requestHeaderValues: proxyRequestHeaderValues,
  acceptRule: { buffered: 'negotiate', streaming: 'negotiate' },
  responseLimit: fixedLimit(ALB_RESPONSE_LIMIT, 'an ALB response'),
  streams: true,
  base64Marker: IS_BASE64_ENCODED,
  writeEnvelope,
} as const satisfies Gateway<'alb'>
