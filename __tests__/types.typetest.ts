/**
 * Type tests for the public types: `npm test` compiles this file with `tsc --noEmit`. A line marked
 * `@ts-expect-error` fails the build if it ever compiles; the others fail it if they ever stop compiling.
 */
import { Readable } from 'node:stream'
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3'
import middy from '@middy/core'
import type {
  ALBEvent,
  ALBResult,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda'
import binaryResponse, {
  type AcceptRule,
  type BinaryBody,
  type BinaryHandlerResult,
  type BinaryProxyResult,
  type BinaryResponseOptions,
  type binaryResponseValidateOptions,
  type EncodedBinaryResponse,
  type HttpEventSource,
  binaryResponse as named,
  type StreamBody,
  type StreamingBinaryResponse,
} from 'middy-binary-response'

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const assertType = <T extends true>(_proof?: T): void => undefined

// A handler typed to return Buffer | APIGatewayProxyResult compiles with .use(binaryResponse()).
export const restHandler = middy<APIGatewayProxyEvent, Buffer | APIGatewayProxyResult>()
  .use(binaryResponse())
  .handler(async (event) =>
    event.path.endsWith('.json') ? { statusCode: 200, body: '{}' } : Buffer.from('png'),
  )

// The same, from the handler, with every option.
export const httpApiHandler = middy(
  async (
    _event: APIGatewayProxyEventV2,
  ): Promise<BinaryHandlerResult | APIGatewayProxyStructuredResultV2> => ({
    statusCode: 200,
    headers: { 'Content-Type': 'application/pdf' },
    cookies: ['a=1'],
    body: new Uint8Array(3),
  }),
).use(
  named({
    binaryMediaTypes: ['application/pdf', 'image/*'],
    fallbackContentType: 'application/octet-stream',
    failOnMismatch: true,
    acceptRule: 'negotiate',
    maxResponseSize: 6_291_556,
    noSniff: false,
  }),
)

export const albHandler = middy<ALBEvent, ArrayBuffer | ALBResult>().use(
  binaryResponse({ acceptRule: 'auto' }),
)

// @ts-expect-error a misspelt option does not compile
binaryResponse({ binaryMediaType: ['image/png'] })
// @ts-expect-error an option of the wrong type does not compile
binaryResponse({ failOnMismatch: 'yes' })
// @ts-expect-error an unknown Accept rule does not compile
binaryResponse({ acceptRule: 'first' })

assertType<Equal<AcceptRule, 'auto' | 'rest-api' | 'negotiate'>>()
assertType<Equal<HttpEventSource, 'rest-api' | 'http-api-v1' | 'http-api' | 'alb'>>()
assertType<Equal<Parameters<typeof binaryResponse>[0], BinaryResponseOptions | undefined>>()
assertType<Equal<BinaryHandlerResult, BinaryBody | StreamBody | BinaryProxyResult>>()
assertType<Equal<StreamingBinaryResponse['body'], Readable>>()

// An S3 GetObject Body, a Readable, a ReadableStream and a Blob are all results it reads.
declare const s3Body: NonNullable<GetObjectCommandOutput['Body']>
const streams: BinaryHandlerResult[] = [
  s3Body,
  { statusCode: 200, body: s3Body },
  Readable.from([]),
  new ReadableStream(),
  new Blob([]),
]
// @ts-expect-error an async iterable that is not a stream is not read
const notAStream: BinaryHandlerResult = { body: (async function* () {})() }

export { notAStream, streams }

assertType<Equal<EncodedBinaryResponse['isBase64Encoded'], true>>()
assertType<Equal<EncodedBinaryResponse['body'], string>>()

// Every byte container is a BinaryBody; a string is not.
const bodies: BinaryBody[] = [
  Buffer.alloc(1),
  new Uint8Array(1),
  new Float32Array(1),
  new DataView(new ArrayBuffer(1)),
  new ArrayBuffer(1),
]
// @ts-expect-error a string is not bytes
const notBytes: BinaryBody = 'png'
// @ts-expect-error a proxy result marked isBase64Encoded: true is not a binary result to encode
const encodedAlready: BinaryProxyResult = { body: Buffer.alloc(1), isBase64Encoded: true }

// The validator accepts anything (it checks at run time) and returns the resolved options.
assertType<Equal<ReturnType<typeof binaryResponseValidateOptions>['failOnMismatch'], boolean>>()

export { bodies, encodedAlready, notBytes }
