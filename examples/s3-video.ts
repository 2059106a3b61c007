import { GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import middy from '@middy/core'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import binaryResponse, { binaryHandler } from 'middy-binary-response'
import { errorHandler } from './error-handler.ts'

/**
 * Serves videos and sound from an S3 bucket to `<video>` and `<audio>` elements: `GET /media/{key}` behind
 * an HTTP API or a Function URL (BUFFERED). Players ask for `Range: bytes=0-` and then for what follows;
 * the handler passes the request's Range to GetObject, so S3 sends only that part, and returns S3's 206
 * with its Content-Range. The middleware passes such a 206 on as it is, and when the part is larger than
 * a response can carry (about 4.5 MB of bytes), sends its leading part that fits, its Content-Range
 * saying so, and stops reading: the player asks for the rest next. A file of any size plays through.
 */
export const createHandler = (s3: S3Client, bucket: string) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(binaryResponse({ binaryMediaTypes: ['video/*', 'audio/*'] }))
    .use(errorHandler())
    .handler(
      binaryHandler(async (event: APIGatewayProxyEventV2) => {
        const key = event.pathParameters?.key ?? event.rawPath.replace(/^\/media\//, '')
        // With If-Range, whether the part still applies depends on the object's current ETag, which S3
        // does not check for a Range: ask for the whole object then, and the middleware decides (reading
        // only the part when it applies).
        const range = event.headers['if-range'] === undefined ? event.headers.range : undefined
        const get = (Range: string | undefined) =>
          s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range }))
        try {
          let object: Awaited<ReturnType<typeof get>>
          try {
            object = await get(range)
          } catch (error) {
            // A Range past the end: ask again without it, and the middleware answers the 416 with the
            // object's length, reading nothing.
            if (!(error instanceof S3ServiceException && error.name === 'InvalidRange')) throw error
            object = await get(undefined)
          }
          const { Body, ContentRange } = object
          // The SDK types every output field as optional; a successful GetObject always has a Body.
          if (Body === undefined) throw new Error(`S3 returned no body for ${key}`)
          // The Body carries S3's Content-Type, Content-Length, ETag and Last-Modified: the middleware
          // sends them, answers Range and If-None-Match from them, and for a 304 never reads the stream.
          const headers = { 'Cache-Control': 'max-age=300' }
          return ContentRange === undefined
            ? { statusCode: 200, headers, body: Body }
            : {
                statusCode: 206,
                headers: { ...headers, 'Content-Range': ContentRange, 'Accept-Ranges': 'bytes' },
                body: Body,
              }
        } catch (error) {
          // A JSON body is not bytes: the middleware leaves this 404 untouched.
          if (error instanceof NoSuchKey) {
            return {
              statusCode: 404,
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ message: `no such file: ${key}` }),
            }
          }
          throw error
        }
      }),
    )

export const handler = createHandler(new S3Client({}), process.env.MEDIA_BUCKET ?? 'media')
