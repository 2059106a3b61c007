/**
 * How large a response may be: the platform's limits, the user's `maxResponseSize`, the bound on how much
 * of a stream is worth reading, and what fits. The refusals' wording is in errors.ts. This module imports
 * nothing, so the package's entry exports the limits without loading the pipeline's code.
 */

/** Lambda's limit on a synchronous response: the JSON-serialized result, envelope and base64 body. */
export const LAMBDA_RESPONSE_LIMIT = 6_291_556
/** An ALB accepts a response JSON of at most 1 MB from a Lambda target. */
export const ALB_RESPONSE_LIMIT = 1_048_576
/**
 * VPC Lattice takes a response JSON of at most 6 MB from a Lambda target; read as 6 MiB, as the ALB's 1 MB
 * is 1 MiB, that is 100 bytes under Lambda's own limit.
 */
export const LATTICE_RESPONSE_LIMIT = 6_291_456
/**
 * CloudFront's limit on a response a Lambda@Edge viewer-request function generates, headers and body:
 * 40 KB, read as 40 KiB (CloudFront's validation error states the origin limit as 1,048,576 bytes).
 */
export const EDGE_VIEWER_REQUEST_LIMIT = 40_960
/**
 * CloudFront's limit on a response a Lambda@Edge origin-request or origin-response function generates,
 * headers and body: 1 MB, which CloudFront's validation error states as 1,048,576 bytes.
 */
export const EDGE_ORIGIN_LIMIT = 1_048_576
/** Lambda response streaming sends at most 200 MB of body. */
export const STREAMING_RESPONSE_LIMIT = 209_715_200

/** The limit a response is held to, and how an error names it (empty for the user's own). */
export interface ResponseLimit {
  readonly bytes: number
  /** `' of an ALB response'`, `' of a Lambda response'`, …, or `''` for `maxResponseSize`. */
  readonly name: string
}

/** What a gateway says of its own limit on a buffered response to an event. */
export interface GatewayLimit {
  readonly bytes: number
  /** The response the limit belongs to, as an error names it: `'an ALB response'`. */
  readonly name: string
}

/** A buffered response's limit: the user's `maxResponseSize`, else the gateway's. */
export const bufferedLimit = (
  gateway: GatewayLimit,
  maxResponseSize: number | undefined,
): ResponseLimit =>
  maxResponseSize === undefined
    ? { bytes: gateway.bytes, name: ` of ${gateway.name}` }
    : { bytes: maxResponseSize, name: '' }

/** A streamed response's limit, on its body alone: the user's `maxResponseSize`, else 200 MB. */
export const streamingLimit = (maxResponseSize: number | undefined): ResponseLimit =>
  maxResponseSize === undefined
    ? { bytes: STREAMING_RESPONSE_LIMIT, name: ' of a streamed response' }
    : { bytes: maxResponseSize, name: '' }

/** Length of the base64 text of n bytes: 4 characters for every 3 bytes or part of them, padding included. */
export const base64Length = (byteLength: number): number => 4 * Math.ceil(byteLength / 3)

/** The most bytes whose base64 text alone fits in a response of `limit` bytes: an upper bound for reading. */
export const largestEncodableBody = (limit: number): number => Math.floor(limit / 4) * 3

/** How many characters the decimal form of a non-negative integer has. */
export const decimalDigits = (n: number): number => String(n).length

/**
 * The most bytes of a part from byte `start` (at most `count` of them) whose 206 response fits in `limit`
 * bytes, or 0 when not even one does. `sizeWithoutEnd` is the serialized size of the response with an
 * empty body and a Content-Range that lacks only the last byte's position (`bytes 500-/9000`): the part
 * adds those digits and its base64 text, both ASCII that JSON never escapes. The digits depend on the
 * part's length, so each possible number of digits is tried: for `d` digits the part may end no later than
 * byte 10^d - 1 and its base64 may take what the digits leave.
 */
export const largestFittingPart = (
  limit: number,
  sizeWithoutEnd: number,
  start: number,
  count: number,
): number => {
  let best = 0
  // Stryker disable next-line ArithmeticOperator: a longer end number leaves less room, so the extra rounds never find more.
  for (let digits = decimalDigits(start); digits <= decimalDigits(start + count - 1); digits++) {
    const fits = Math.min(
      count,
      largestEncodableBody(limit - sizeWithoutEnd - digits),
      10 ** digits - start,
    )
    // Stryker disable next-line EqualityOperator: an equal part replaces an equal part.
    if (fits > best) best = fits
  }
  return best
}
