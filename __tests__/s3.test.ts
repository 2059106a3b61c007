/**
 * The S3 example against a real S3-compatible server (s3rver) started here on 127.0.0.1, through the real
 * AWS SDK v3 client: no mocked client, and the handler returns GetObject's `Body` stream directly.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals'
import S3rver from 's3rver'
import { createHandler } from '../examples/s3-object.ts'
import { ACCEPT, httpApiEvent, lambdaContext } from './support/events.js'
import { readFixture } from './support/fixtures.js'

const bucket = 'assets'
const png = readFixture('image.png')
const pdf = readFixture('document.pdf')
const directory = mkdtempSync(join(tmpdir(), 'binary-response-s3-'))
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true })
let s3: S3Client
let handler: ReturnType<typeof createHandler>

beforeAll(async () => {
  const { port } = await server.run()
  s3 = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  })
  await s3.send(new CreateBucketCommand({ Bucket: bucket }))
  const put = (Key: string, Body: Buffer, ContentType?: string) =>
    s3.send(
      new PutObjectCommand({ Bucket: bucket, Key, Body, ...(ContentType ? { ContentType } : {}) }),
    )
  await put('logo.png', png, 'image/png')
  await put('untyped.pdf', pdf)
  await put('labelled.bin', png, 'image/x-custom')
  await put('huge.png', Buffer.concat([png, Buffer.alloc(6 * 1024 * 1024)]), 'image/png')
  handler = createHandler(s3, bucket)
})

afterAll(async () => {
  s3?.destroy()
  await server.close()
  rmSync(directory, { recursive: true, force: true })
})

// The handler's own type is the response the gateway receives: no cast needed to read it.
const get = (key: string, accept: string | undefined = ACCEPT.browserImage) =>
  handler(httpApiEvent(accept, `/files/${key}`), lambdaContext())

describe('serving S3 objects by returning GetObject’s Body', () => {
  test('a small image: its bytes, with the Content-Type S3 holds', async () => {
    const response = await get('logo.png')
    expect(response).toMatchObject({
      statusCode: 200,
      isBase64Encoded: true,
      headers: { 'Cache-Control': 'max-age=300', 'Content-Type': 'image/png', Vary: 'Accept' },
    })
    expect(Buffer.from(response.body ?? '', 'base64')).toEqual(png)
  })

  test('an object S3 labels binary/octet-stream is typed from its bytes', async () => {
    const response = await get('untyped.pdf', ACCEPT.browserNavigation)
    expect(response.headers?.['Content-Type']).toBe('application/pdf')
    expect(Buffer.from(response.body ?? '', 'base64')).toEqual(pdf)
  })

  test('a Content-Type set on the object is honoured as the handler’s own', async () => {
    const response = await get('labelled.bin')
    expect(response.headers?.['Content-Type']).toBe('image/x-custom')
  })

  test('a file over the limit: a 500 from its Content-Length, before reading', async () => {
    // The example's error handler logs server errors: the log says why, the client sees a plain 500.
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const response = await get('huge.png')
    const [error] = log.mock.calls.map(([logged]) => logged as Error)
    log.mockRestore()
    expect(response.statusCode).toBe(500)
    expect(response.body ?? '').not.toContain('bytes')
    expect(error?.message).toContain(
      `the response body declares ${(png.length + 6 * 1024 * 1024).toLocaleString('en-US')} bytes`,
    )
  })

  test('a missing key: the handler’s 404, untouched', async () => {
    const response = await get('missing.png')
    expect(response).toEqual({
      statusCode: 404,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: 'no such file: missing.png' }),
    })
  })

  test('a client that does not accept it: a 406 response', async () => {
    const response = await get('logo.png', ACCEPT.json)
    expect(response.statusCode).toBe(406)
    expect(response.isBase64Encoded).toBeUndefined()
  })
})
