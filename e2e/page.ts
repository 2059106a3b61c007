/**
 * The page the browser test opens, served by the emulator itself (Chromium will not load images from
 * 127.0.0.1 into a `data:` page). It embeds the binary routes as <img> tags, as a site would.
 */
export const images = [
  { id: 'rest-image', src: '/dev/images/logo.png', caption: 'REST API route (image-rest-api)' },
  {
    id: 'router-image',
    src: '/dev/catalog/logo/thumbnail',
    caption: 'Binary route beside JSON routes in an http-router stack (router)',
  },
] as const

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>middy-binary-response behind serverless-offline</title>
<style>
  body { font: 16px system-ui, sans-serif; margin: 2rem; }
  figure { display: inline-block; margin: 0 2rem 1rem 0; text-align: center; }
  img { width: 128px; height: 128px; image-rendering: pixelated; border: 1px solid #888; }
</style>
</head>
<body>
<h1>Binary responses through the gateway emulator</h1>
${images
  .map(
    ({ id, src, caption }) =>
      `<figure><img id="${id}" src="${src}" alt="${caption}"><figcaption>${caption}<br><code>${src}</code></figcaption></figure>`,
  )
  .join('\n')}
</body>
</html>
`

export const handler = async () => ({
  statusCode: 200,
  headers: { 'Content-Type': 'text/html; charset=utf-8' },
  body: html,
})
