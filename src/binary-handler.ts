import type { EncodedBinaryResponse } from './response/encode.js'
import type { BinaryHandlerResult } from './types.js'

/**
 * What a stack with `binaryResponse()` hands the gateway when its handler returned `R`: an
 * `EncodedBinaryResponse` in place of bytes, a stream or a proxy result around them; any other result as
 * it is. Distributes over a union, so `Buffer | { statusCode: 404; body: string }` becomes
 * `EncodedBinaryResponse | { statusCode: 404; body: string }`.
 */
export type EncodedResult<R> = R extends BinaryHandlerResult ? EncodedBinaryResponse : R

/** The type of a handler function once `binaryHandler` has typed it: same parameters, encoded result. */
export type EncodedHandler<TEvent, TRest extends unknown[], TResult> = (
  event: TEvent,
  ...rest: TRest
) => TResult extends PromiseLike<infer R> ? Promise<EncodedResult<R>> : EncodedResult<TResult>

/**
 * Types a handler that returns bytes (or a stream, an S3 `Body`, a proxy result around them) as returning
 * what the caller of the Middy stack receives once `binaryResponse()` has encoded them. Middy types a
 * handler's result and the stack's result as one type, and `@middy/http-router` accepts only proxy
 * results from its routes; this is the one place where the two are told apart, so user code needs no
 * cast. At run time it returns the very same function.
 *
 * The type holds for the stacks the README describes: `binaryResponse()` in the stack, in buffered mode,
 * with `failOnMismatch: true` (the default). With `failOnMismatch: false`, or for events that are not
 * HTTP, the bytes come back as they were and this type is too narrow.
 */
export const binaryHandler = <TEvent, TRest extends unknown[], TResult>(
  handler: (event: TEvent, ...rest: TRest) => TResult,
): EncodedHandler<TEvent, TRest, TResult> =>
  // The function is not changed, only its declared result: binaryResponse's after-hook encodes the bytes
  // before anything outside the stack sees them.
  handler as unknown as EncodedHandler<TEvent, TRest, TResult>
