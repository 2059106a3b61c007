import type { MiddlewareObj, Request } from '@middy/core'
import { type FoundResult, findBinaryResult } from './binary-body.js'
import {
  type BinaryResponseOptions,
  binaryResponseValidateOptions,
  type ResolvedOptions,
} from './options.js'

type Pipeline = typeof import('./pipeline.js')

let pipeline: Pipeline | undefined
let loading: Promise<Pipeline> | undefined

/**
 * The pipeline, imported once, at the first result that needs it: most of the package's code (and its
 * Range, conditional-request and hashing dependencies) costs a JSON route's cold start nothing. Once it is
 * loaded, it is called without an await.
 */
const withPipeline = <T>(use: (loaded: Pipeline) => T | Promise<T>): T | Promise<T> => {
  if (pipeline !== undefined) return use(pipeline)
  loading ??= import('./pipeline.js').then((loaded) => {
    pipeline = loaded
    return loaded
  })
  return loading.then(use)
}

/**
 * Turns a handler's bytes into the base64 response that API Gateway (REST and HTTP APIs), Lambda Function
 * URLs, ALBs, VPC Lattice and CloudFront (Lambda@Edge) deliver to the client as bytes, when the request
 * accepts them. Options are validated here, once.
 */
export const binaryResponse = (opts: BinaryResponseOptions = {}): MiddlewareObj => {
  const options: ResolvedOptions = binaryResponseValidateOptions(opts)

  const encode = (request: Request, found: FoundResult) =>
    withPipeline<void>((loaded) => loaded.encodeBinaryResult(request, found, options))

  // Middy awaits a hook only when it returns a promise: a result that is not bytes (every JSON response),
  // or bytes whose type is declared, costs no await at all.
  const binaryResponseMiddlewareAfter = (request: Request): Promise<void> | void => {
    const found = findBinaryResult(request.response)
    return found === undefined ? undefined : encode(request, found)
  }

  /**
   * Runs after the error handler's onError when the error handler is used after this middleware (as it
   * should be: last): on a gateway that does not read the proxy shape (Lambda@Edge), the response it wrote
   * (`{ statusCode, headers, body }`: a 406, a 500) is rewritten in the gateway's shape, so that CloudFront
   * sends it instead of failing its validation. Every other response is left as it is.
   */
  const binaryResponseMiddlewareOnError = (request: Request): Promise<void> | void =>
    // Only a response an error handler wrote can need rewriting; with none, nothing is loaded.
    // Stryker disable next-line ConditionalExpression: spares the pipeline's import; with no response it rewrites nothing.
    request.response === undefined
      ? undefined
      : withPipeline<void>((loaded) => loaded.rewriteErrorResponse(request, options))

  return { after: binaryResponseMiddlewareAfter, onError: binaryResponseMiddlewareOnError }
}
