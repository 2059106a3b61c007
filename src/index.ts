export type { BinaryBody } from './binary-body.js'
export {
  binaryHandler,
  type EncodedHandler,
  type EncodedResult,
} from './binary-handler.js'
export type { EdgeHeaders, HttpEventSource } from './gateways/index.js'
export {
  ALB_RESPONSE_LIMIT,
  EDGE_ORIGIN_LIMIT,
  EDGE_VIEWER_REQUEST_LIMIT,
  LAMBDA_RESPONSE_LIMIT,
  LATTICE_RESPONSE_LIMIT,
  STREAMING_RESPONSE_LIMIT,
} from './limits.js'
export { binaryResponse, binaryResponse as default } from './middleware.js'
export type { AcceptRule, BinaryResponseOptions } from './options.js'
export { binaryResponseValidateOptions, defaults } from './options.js'
export type {
  EncodedBinaryResponse,
  EncodedEdgeResponse,
  StreamingBinaryResponse,
} from './response/encode.js'
export type { SdkStreamBody, StreamBody } from './stream-body.js'
export type { BinaryHandlerResult, BinaryProxyResult } from './types.js'
