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
import { createHandler as createVideoHandler } from '../examples/s3-video.ts'
import type { EncodedBinaryResponse } from '../src/index.js'
import { ACCEPT, httpApiEvent, lambdaContext } from './support/events.js'
import { readFixture } from './support/fixtures.js'
import { withHeaders } from './support/stack.js'

const bucket = 'assets'
const png = readFixture('image.png')
const pdf = readFixture('document.pdf')
const directory = mkdtempSync(join(tmpdir(), 'binary-response-s3-'))
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true })
let s3: S3Client
let handler: ReturnType<typeof createHandler>
let video: ReturnType<typeof createVideoHandler>
// Seven megabytes, more than one buffered response carries, labelled as a video by its S3 metadata.
const clip = Buffer.concat(Array.from({ length: 3000 }, () => pdf)).subarray(0, 7_000_000)

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
  await put('clip.webm', clip, 'video/webm')
  await put('small.webm', pdf, 'video/webm')
  handler = createHandler(s3, bucket)
  video = createVideoHandler(s3, bucket)
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

describe('serving video from S3, Range passed to GetObject', () => {
  const play = (key: string, request: Record<string, string> = {}) =>
    video(
      withHeaders(httpApiEvent('*/*', `/media/${key}`), request),
      lambdaContext(),
    ) as Promise<EncodedBinaryResponse>
  const contentRange = (response: EncodedBinaryResponse) =>
    /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(response.headers?.['Content-Range'])) ?? []

  test('without a Range, a file over the limit is refused as before', async () => {
    // The example's error handler logs server errors: the log says why, the client sees a plain 500.
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const response = await play('clip.webm')
    const [error] = log.mock.calls.map(([logged]) => logged as Error)
    log.mockRestore()
    expect(response.statusCode).toBe(500)
    expect(error?.message).toContain(
      `the response body declares ${clip.length.toLocaleString('en-US')} bytes`,
    )
  })

  test('a part: S3’s 206 passed on, Content-Range and ETag as S3 gave them', async () => {
    const response = await play('clip.webm', { range: 'bytes=100-199' })
    expect(response.statusCode).toBe(206)
    expect(response.headers).toMatchObject({
      'Content-Range': `bytes 100-199/${clip.length}`,
      'Content-Type': 'video/webm',
      'Accept-Ranges': 'bytes',
    })
    expect(response.headers?.ETag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(Buffer.from(response.body, 'base64')).toEqual(clip.subarray(100, 200))
  })

  test('bytes=0- and what follows, as a player asks: the whole file, part by part', async () => {
    const parts: Buffer[] = []
    let position = 0
    while (position < clip.length) {
      const response = await play('clip.webm', { range: `bytes=${position}-` })
      const [, start, end, total] = contentRange(response)
      expect([Number(start), Number(total)]).toEqual([position, clip.length])
      expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(6_291_556)
      parts.push(Buffer.from(response.body, 'base64'))
      position = Number(end) + 1
    }
    expect(parts.length).toBe(2)
    expect(Buffer.concat(parts).equals(clip)).toBe(true)
  })

  test('a Range past the end: the 416 with the object’s length', async () => {
    const response = await play('clip.webm', { range: `bytes=${clip.length}-` })
    expect(response.statusCode).toBe(416)
    expect(response.headers?.['Content-Range']).toBe(`bytes */${clip.length}`)
  })

  test('a revisit with S3’s ETag: the 304', async () => {
    const first = await play('small.webm')
    const etag = String(first.headers?.ETag)
    const again = await play('small.webm', { 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
  })

  test.each([
    ['the current ETag', true],
    ['a stale ETag', false],
  ])('If-Range with %s', async (_name, current) => {
    const { headers } = await play('small.webm')
    const ifRange = current ? String(headers?.ETag) : '"0123456789abcdef0123456789abcdef"'
    const response = await play('small.webm', { range: 'bytes=10-19', 'if-range': ifRange })
    expect(response.statusCode).toBe(current ? 206 : 200)
    const bytes = Buffer.from(response.body, 'base64')
    expect(bytes).toEqual(current ? pdf.subarray(10, 20) : pdf)
  })

  test('a missing key: the handler’s 404', async () => {
    const response = await play('missing.webm', { range: 'bytes=0-' })
    expect(response.statusCode).toBe(404)
  })
})
