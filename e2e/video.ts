/**
 * The routes the browser's video test uses, served by the emulator: a page with a <video>, and the video
 * itself, a WebM that the test makes with ffmpeg (larger than one buffered response carries) and puts
 * beside this bundle in assets/. The file is read as a stream of declared length, as a handler serving a
 * file from its package or an EFS mount would: for a Range the middleware reads only the part.
 */
import { createReadStream, statSync } from 'node:fs'
import middy from '@middy/core'
import binaryResponse from 'middy-binary-response'
import { errorHandler } from '../examples/error-handler.ts'

const clip = new URL('./assets/clip.webm', import.meta.url)

export const handler = middy()
  .use(errorHandler())
  .use(binaryResponse({ binaryMediaTypes: ['video/*'] }))
  .handler(async () => {
    const { size, mtime } = statSync(clip)
    return {
      statusCode: 200,
      headers: {
        'Content-Type': 'video/webm',
        'Content-Length': String(size),
        // A validator as a static file server makes one: the file's size and modification time.
        ETag: `"${size.toString(16)}-${mtime.getTime().toString(16)}"`,
        'Last-Modified': mtime.toUTCString(),
        'Cache-Control': 'no-cache',
      },
      body: createReadStream(clip),
    }
  })

const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>video through the gateway emulator</title></head>
<body>
<h1>A WebM larger than one buffered response, played through Range requests</h1>
<video id="clip" src="/media/clip.webm" muted playsinline preload="auto" width="640" height="360"></video>
</body>
</html>
`

export const page = async () => ({
  statusCode: 200,
  headers: { 'Content-Type': 'text/html; charset=utf-8' },
  body: html,
})
