import type { MiddlewareObj, Request } from '@middy/core'
import { createError } from '@middy/util'
import { findBinaryResult, viewBytes } from './binary-body.js'
import { declaredContentType, detectContentType } from './content-type.js'
import { encodeResponse } from './encoded-response.js'
import type { HttpRequest } from './event-source.js'
import { readHttpRequest } from './event-source.js'
import { firstMediaTypeMatches, negotiatedMatches } from './media-type.js'
import {
  type BinaryResponseOptions,
  binaryResponseValidateOptions,
  pkg,
  type ResolvedOptions,
} from './options.js'

/** Whether the gateway that sent the request will deliver the bytes, under the configured rule. */
export const acceptsBinary = (request: HttpRequest, options: ResolvedOptions): boolean => {
  const rule =
    options.acceptRule === 'auto'
      ? request.source === 'rest-api'
        ? 'rest-api'
        : 'negotiate'
      : options.acceptRule
  return rule === 'rest-api'
    ? firstMediaTypeMatches(request.accept, options.mediaRanges)
    : negotiatedMatches(request.accept, options.mediaRanges)
}

const notAcceptable = (options: ResolvedOptions) =>
  // Lists the configured media types only: a client-facing message never echoes the request.
  createError(
    406,
    `Not Acceptable: this response is binary and is sent only to requests that accept ${options.binaryMediaTypes.join(', ')}`,
    { cause: { package: pkg, data: { binaryMediaTypes: options.binaryMediaTypes } } },
  )

/**
 * Turns a handler's bytes into the base64 proxy response that API Gateway (REST and HTTP APIs), Lambda
 * Function URLs and ALBs deliver to the client as bytes, when the request accepts them. Options are
 * validated here, once.
 */
export const binaryResponse = (opts: BinaryResponseOptions = {}): MiddlewareObj => {
  const options = binaryResponseValidateOptions(opts)

  const binaryResponseMiddlewareAfter = async (request: Request): Promise<void> => {
    const found = findBinaryResult(request.response)
    if (found === undefined) return
    const http = readHttpRequest(request.event)
    if (http === undefined) return
    if (!acceptsBinary(http, options)) {
      if (options.failOnMismatch) throw notAcceptable(options)
      return
    }
    const bytes = viewBytes(found.body)
    if (bytes === undefined) {
      throw createError(
        500,
        `${pkg}: the handler returned a detached ArrayBuffer; its bytes were transferred away and cannot be sent`,
        { cause: { package: pkg } },
      )
    }
    const contentType =
      declaredContentType(found.proxy) ??
      (await detectContentType(bytes, options.fallbackContentType))
    request.response = encodeResponse(found.proxy ?? {}, bytes, http, {
      contentType,
      noSniff: options.noSniff,
      maxResponseSize: options.maxResponseSize,
    })
  }

  return { after: binaryResponseMiddlewareAfter }
}
