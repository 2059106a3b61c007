/**
 * Lambda@Edge: CloudFront invokes the function with `Records[0].cf`, whose `config.eventType` names the
 * trigger and whose `request` holds the method and the headers, as `{ accept: [{ key, value }] }`.
 *
 * A function generates a response in a request trigger, and may replace the body in an origin-response
 * trigger: `{ status: '200', statusDescription, headers: { 'content-type': [{ key, value }] }, body,
 * bodyEncoding: 'base64' }`. CloudFront decodes a base64 body whatever Accept says, so negotiation decides.
 * It holds that response, headers and body together, to 40 KB in a viewer-request trigger and 1 MB in
 * origin triggers. A viewer-response trigger cannot change the status, and AWS documents no body there:
 * such results are left untouched.
 */
import { STATUS_CODES } from 'node:http'
import { headerValuesIn } from '../headers.js'
import { isRecord } from '../is-record.js'
import { EDGE_ORIGIN_LIMIT, EDGE_VIEWER_REQUEST_LIMIT, type GatewayLimit } from '../limits.js'
import { type DraftResponse, draftResponse } from '../response/draft.js'
import {
  type EdgeHeaderEntry,
  type EdgeHeaders,
  type EdgeResponseEnvelope,
  type Gateway,
  type LambdaEvent,
  methodOf,
} from './gateway.js'

/** A field of `Records[0].cf` when it is an object: `request`, `config`. */
const cloudFrontPart = (event: LambdaEvent, part: string): LambdaEvent | undefined => {
  const records = event.Records
  const cf = Array.isArray(records) && isRecord(records[0]) ? records[0].cf : undefined
  const value = isRecord(cf) ? cf[part] : undefined
  return isRecord(value) ? value : undefined
}

const cloudFrontRequestOf = (event: LambdaEvent): LambdaEvent | undefined =>
  cloudFrontPart(event, 'request')

/** The triggers whose response can carry a body the middleware writes, and CloudFront's limit on each. */
const LIMITS = new Map<unknown, GatewayLimit>([
  [
    'viewer-request',
    { bytes: EDGE_VIEWER_REQUEST_LIMIT, name: 'a Lambda@Edge viewer-request response' },
  ],
  ['origin-request', { bytes: EDGE_ORIGIN_LIMIT, name: 'a Lambda@Edge origin-request response' }],
  ['origin-response', { bytes: EDGE_ORIGIN_LIMIT, name: 'a Lambda@Edge origin-response response' }],
])

/** One header value as CloudFront's entry: an entry the handler wrote is kept as it is. */
const entryOf = (name: string, value: unknown): EdgeHeaderEntry | undefined => {
  if (isRecord(value)) return { ...value } as unknown as EdgeHeaderEntry
  // JSON drops an undefined value; a null one is no header either.
  if (value === undefined || value === null) return undefined
  return { key: name, value: String(value) }
}

/**
 * The draft's headers in CloudFront's shape: each name lowercased, one entry per value. Where both
 * containers name a header the `multiValueHeaders` entry wins, as API Gateway and the ALB merge them.
 */
const edgeHeaders = (draft: DraftResponse<unknown>): EdgeHeaders => {
  const headers: EdgeHeaders = {}
  const add = (name: string, value: unknown): void => {
    const lowerCaseName = name.toLowerCase()
    for (const item of Array.isArray(value) ? value : [value]) {
      const entry = entryOf(name, item)
      if (entry !== undefined) headers[lowerCaseName] = [...(headers[lowerCaseName] ?? []), entry]
    }
  }
  const multiValueHeaders = draft.multiValueHeaders ?? {}
  const named = new Set(Object.keys(multiValueHeaders).map((name) => name.toLowerCase()))
  for (const [name, values] of Object.entries(multiValueHeaders)) add(name, values)
  for (const [name, value] of Object.entries(draft.headers)) {
    if (!named.has(name.toLowerCase())) add(name, value)
  }
  return headers
}

const writeEnvelope = (draft: DraftResponse<unknown>): EdgeResponseEnvelope => {
  const envelope: EdgeResponseEnvelope = {
    ...draft.fields,
    status: String(draft.statusCode),
    headers: edgeHeaders(draft),
  }
  // Optional for CloudFront, and any text will do; the standard one where the handler gave none.
  const description = STATUS_CODES[draft.statusCode]
  if (typeof envelope.statusDescription !== 'string' && description !== undefined) {
    envelope.statusDescription = description
  }
  return envelope
}

/** CloudFront's spelling of a status: `'200'` (what an origin-response trigger receives), or `200`. */
const statusOf = (status: unknown): number | undefined =>
  typeof status === 'number'
    ? status
    : typeof status === 'string' && /^\d{3}$/.test(status)
      ? Number(status)
      : undefined

/**
 * A result in CloudFront's shape (an origin-response trigger's `{ ...cf.response, body }`) read as a proxy
 * result: its `status` counts as the `statusCode` unless it gave one. `status` and `bodyEncoding` are the
 * envelope's fields, which the middleware writes; its header lists are read as they are.
 */
const resultAsProxy = (proxy: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const { status, bodyEncoding: _bodyEncoding, ...rest } = proxy
  // An undefined statusCode is read as the draft reads a missing one: 200.
  return { ...rest, statusCode: rest.statusCode ?? statusOf(status) }
}

/**
 * A response in the proxy shape, as `@middy/http-error-handler` writes the 406 and the 500
 * (`{ statusCode, headers, body }`), in CloudFront's shape, its body marked `text` (or `base64` when it
 * said `isBase64Encoded: true`). Anything else (a response in CloudFront's shape already, a body that is
 * not a string) is left as it is.
 */
const rewriteProxyResponse = (response: unknown): EdgeResponseEnvelope | undefined => {
  if (!isRecord(response) || typeof response.statusCode !== 'number' || 'status' in response) {
    return undefined
  }
  const { body, isBase64Encoded } = response
  if (body !== undefined && typeof body !== 'string') return undefined
  const envelope = writeEnvelope(draftResponse(response, body))
  if (body === undefined) return envelope
  return { ...envelope, body, bodyEncoding: isBase64Encoded === true ? 'base64' : 'text' }
}

export const lambdaEdge = {
  source: 'lambda-edge',
  recognises: (event) => cloudFrontRequestOf(event) !== undefined,
  requestMethod: (event) => methodOf(cloudFrontRequestOf(event)),
  requestHeaderValues: (event, lowerCaseName) =>
    headerValuesIn([cloudFrontRequestOf(event)?.headers], lowerCaseName),
  acceptRule: { buffered: 'negotiate', streaming: 'negotiate' },
  responseLimit: (event) => LIMITS.get(cloudFrontPart(event, 'config')?.eventType),
  // CloudFront invokes the function synchronously: there is no response streaming at the edge.
  streams: false,
  base64Marker: { bodyEncoding: 'base64' },
  resultAsProxy,
  rewriteProxyResponse,
  writeEnvelope,
} as const satisfies Gateway<'lambda-edge'>
