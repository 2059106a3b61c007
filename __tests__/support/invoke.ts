/** One invocation of a handler through a real Middy stack with the middleware, and what a client decodes. */
import middy from '@middy/core'
import {
  type BinaryResponseOptions,
  binaryResponse,
  type EncodedBinaryResponse,
} from '../../src/index.js'
import { lambdaContext } from './events.js'

/** Runs a handler returning `result` through a real Middy stack with the middleware alone. */
export const invoke = (event: unknown, result: unknown, options?: BinaryResponseOptions) =>
  middy()
    .use(binaryResponse(options))
    .handler(async () => result)(event as never, lambdaContext())

/** The same, for a result the test expects to be encoded. */
export const invokeEncoded = async (
  event: unknown,
  result: unknown,
  options?: BinaryResponseOptions,
): Promise<EncodedBinaryResponse> => (await invoke(event, result, options)) as EncodedBinaryResponse

/** The bytes the gateway decodes from an encoded response's base64 body. */
export const decoded = (response: unknown): Buffer =>
  Buffer.from((response as EncodedBinaryResponse).body, 'base64')
