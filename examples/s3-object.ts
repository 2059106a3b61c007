import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3'
import middy from '@middy/core'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import binaryResponse, { binaryHandler } from 'middy-binary-response'
import { errorHandler } from './error-handler.ts'

/**
 * Serves objects of an S3 bucket: `GET /files/{key}` behind an HTTP API or a Function URL. The handler
 * returns the SDK's `Body` stream as it is; the middleware reads it (stopping at the response limit), takes
 * the object's Content-Type from S3's response, and encodes it.
 */
export const createHandler = (s3: S3Client, bucket: string) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(binaryResponse({ binaryMediaTypes: ['image/*', 'application/pdf'] }))
    .use(errorHandler())
    .handler(
      binaryHandler(async (event: APIGatewayProxyEventV2) => {
        const key = event.pathParameters?.key ?? event.rawPath.replace(/^\/files\//, '')
        try {
          const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
          // The SDK types every output field as optional; a successful GetObject always has a Body.
          if (Body === undefined) throw new Error(`S3 returned no body for ${key}`)
          return { statusCode: 200, headers: { 'Cache-Control': 'max-age=300' }, body: Body }
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

export const handler = createHandler(new S3Client({}), process.env.ASSETS_BUCKET ?? 'assets')
