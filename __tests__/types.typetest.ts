/**
 * Type tests for the public types: `npm test` compiles this file with `tsc --noEmit`. A line marked
 * `@ts-expect-error` fails the build if it ever compiles; the others fail it if they ever stop compiling.
 */
import { Readable } from 'node:stream'
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3'
import middy from '@middy/core'
import httpErrorHandler from '@middy/http-error-handler'
import httpRouterHandler, { type Route } from '@middy/http-router'
import type {
  ALBEvent,
  ALBResult,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  CloudFrontRequestEvent,
  CloudFrontResultResponse,
  Context,
} from 'aws-lambda'
import binaryResponse, {
  type AcceptRule,
  type BinaryBody,
  type BinaryHandlerResult,
  type BinaryProxyResult,
  type BinaryResponseOptions,
  binaryHandler,
  type binaryResponseValidateOptions,
  type EdgeHeaders,
  type EncodedBinaryResponse,
  type EncodedEdgeResponse,
  type EncodedResult,
  type HttpEventSource,
  binaryResponse as named,
  type StreamBody,
  type StreamingBinaryResponse,
} from 'middy-binary-response'
import { type AttachmentResult, attachment } from 'middy-binary-response/attachment'

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
assertType<
  Equal<
    HttpEventSource,
    | 'rest-api'
    | 'http-api-v1'
    | 'http-api'
    | 'alb'
    | 'vpc-lattice'
    | 'vpc-lattice-v1'
    | 'lambda-edge'
  >
>()
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
assertType<Equal<EncodedEdgeResponse['bodyEncoding'], 'base64'>>()
assertType<Equal<EncodedEdgeResponse['status'], string>>()
assertType<Equal<EncodedEdgeResponse['headers'], EdgeHeaders>>()

// A Lambda@Edge handler typed with the Edge response compiles, and that response is one CloudFront reads.
export const edgeHandler = middy<
  CloudFrontRequestEvent,
  BinaryHandlerResult | EncodedEdgeResponse
>()
  .use(binaryResponse({ binaryMediaTypes: ['image/*'] }))
  .handler(async () => ({ statusCode: 200, body: Buffer.from('png') }))
declare const edgeResponse: EncodedEdgeResponse
export const asCloudFront: CloudFrontResultResponse = edgeResponse

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

// ---- binaryHandler: the stack's result is what the gateway receives, with no cast anywhere ----------------

declare const png: Buffer
declare const context: Context
declare const restEvent: APIGatewayProxyEvent

// A handler returning bytes: a test reads the encoded response from the stack's own type.
export const imageHandler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(binaryResponse({ binaryMediaTypes: ['image/*'] }))
  .use(httpErrorHandler())
  .handler(
    binaryHandler(async (event: APIGatewayProxyEvent) => ({
      headers: { 'Cache-Control': 'max-age=60' },
      body: event.path === '/' ? png : new Uint8Array(png),
    })),
  )
const readByATest = async () => {
  const response = await imageHandler(restEvent, context)
  const status: number = response.statusCode
  const bytes: Buffer = Buffer.from(response.body, 'base64')
  const encoded: boolean | undefined = response.isBase64Encoded
  return { status, bytes, encoded }
}

// The short form: middy(handler) takes its types from the handler, here the encoded response.
export const shortForm = middy(binaryHandler(async () => png)).use(binaryResponse())
assertType<Equal<Awaited<ReturnType<typeof shortForm>>, EncodedBinaryResponse>>()
// With middy's own generics the handler's event is typed from them.
export const contextual = middy<APIGatewayProxyEvent, APIGatewayProxyResult>(
  binaryHandler(async (event) => (event.httpMethod === 'GET' ? png : Readable.from([png]))),
).use(binaryResponse())

// Bytes become the encoded response; other results stay as they are; sync handlers stay sync.
assertType<Equal<EncodedResult<Buffer>, EncodedBinaryResponse>>()
assertType<Equal<EncodedResult<{ body: Uint8Array; cookies: string[] }>, EncodedBinaryResponse>>()
assertType<
  Equal<
    EncodedResult<Buffer | { statusCode: 404; body: string }>,
    EncodedBinaryResponse | { statusCode: 404; body: string }
  >
>()
assertType<
  Equal<ReturnType<ReturnType<typeof binaryHandler<string, [], Blob>>>, EncodedBinaryResponse>
>()
// An encoded response is a proxy result of every gateway.
const asRest: APIGatewayProxyResult = {} as EncodedBinaryResponse
const asHttpApi: APIGatewayProxyStructuredResultV2 = {} as EncodedBinaryResponse
const asAlb: ALBResult = {} as EncodedBinaryResponse

// A router mixing JSON and binary routes (@middy/http-router types its routes as proxy results).
const routes: Route<APIGatewayProxyEvent, APIGatewayProxyResult>[] = [
  {
    method: 'GET',
    path: '/catalog',
    handler: async () => ({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: '[]',
    }),
  },
  {
    method: 'GET',
    path: '/catalog/{id}/thumbnail',
    handler: binaryHandler(async (event) => ({
      statusCode: event.pathParameters?.id === undefined ? 404 : 200,
      body: png,
    })),
  },
]
export const router = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(binaryResponse({ binaryMediaTypes: ['image/*'] }))
  .use(httpErrorHandler())
  .handler(httpRouterHandler(routes))
assertType<Equal<Awaited<ReturnType<typeof router>>, APIGatewayProxyResult>>()

// An S3 object's Body, once it is known to be there, alone or with a JSON 404 beside it.
declare const s3: { send(command: unknown): Promise<GetObjectCommandOutput> }
export const s3Handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(binaryResponse({ binaryMediaTypes: ['image/*', 'application/pdf'] }))
  .use(httpErrorHandler())
  .handler(
    binaryHandler(async (_event: APIGatewayProxyEventV2) => {
      const { Body } = await s3.send({})
      if (Body === undefined) return { statusCode: 404, body: 'no such object' }
      return { statusCode: 200, headers: { 'Cache-Control': 'max-age=300' }, body: Body }
    }),
  )
export const s3Unchecked = middy<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2
>().handler(
  // @ts-expect-error GetObject's Body may be undefined: the handler must say what then
  binaryHandler(async () => ({ statusCode: 200, body: (await s3.send({})).Body })),
)

// Without binaryHandler, bytes are not a proxy result: the mistake the helper exists for still fails.
export const withoutHelper = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(binaryResponse())
  // @ts-expect-error a Buffer is not an APIGatewayProxyResult
  .handler(async () => png)

export { asAlb, asHttpApi, asRest, readByATest }

// Range, ETag and download: the options are booleans; attachment() keeps the body's own type.
binaryResponse({ ranges: false, etag: true })
// @ts-expect-error ranges is on or off, not a unit
binaryResponse({ ranges: 'bytes' })
const saved = attachment('report.pdf', Readable.from([]), { inline: false, headers: { 'X-A': 1 } })
assertType<Equal<typeof saved, AttachmentResult<Readable>>>()
assertType<Equal<(typeof saved)['body'], Readable>>()
const savedResult: BinaryHandlerResult = attachment('logo.png', new Uint8Array(1))
// @ts-expect-error a string is not bytes to download
attachment('notes.txt', 'text')

export { savedResult }
