import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3'
import middy from '@middy/core'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import binaryResponse, {
  type BinaryHandlerResult,
  type EncodedBinaryResponse,
} from 'middy-binary-response'

type Result = BinaryHandlerResult | EncodedBinaryResponse | APIGatewayProxyStructuredResultV2

/**
 * Serves objects of an S3 bucket: `GET /files/{key}` behind an HTTP API or a Function URL. The handler
 * returns the SDK's `Body` stream as it is; the middleware reads it (stopping at the response limit), takes
 * the object's Content-Type from S3's response, and encodes it.
 */
export const createHandler = (s3: S3Client, bucket: string) =>
  middy<APIGatewayProxyEventV2, Result>()
    .use(binaryResponse({ binaryMediaTypes: ['image/*', 'application/pdf'] }))
    .handler(async (event) => {
      const key = event.pathParameters?.key ?? event.rawPath.replace(/^\/files\//, '')
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        return {
          statusCode: 200,
          headers: { 'Cache-Control': 'max-age=300' },
          body: object.Body as Blob,
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
    })

export const handler = createHandler(new S3Client({}), process.env.ASSETS_BUCKET ?? 'assets')
