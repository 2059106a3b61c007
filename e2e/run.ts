/**
 * End-to-end: the example handlers, bundled as for Lambda, behind serverless-offline (REST `http` and HTTP
 * API `httpApi` routes, from examples/deploy/serverless.yml), checked with curl and headless Chromium:
 * bytes and 406s, then Range (206, 416), conditional requests (304) and HEAD, and a WebM larger than one
 * buffered response, made by ffmpeg, that Chromium plays to its end through Range requests.
 *
 * Run from the repository root with `npm run test:e2e` (which builds the library first). Prints one line
 * per check and ends with `e2e: N passed, N failed`; exits 1 on any failure. The emulator listens on
 * 127.0.0.1 only, with telemetry off, and is stopped by its process group id whatever happens.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import yaml from 'js-yaml'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { bundle } from './bundle.ts'
import { freshAppChecks } from './fresh-app.ts'
import { images } from './page.ts'

const root = fileURLToPath(new URL('../', import.meta.url))
const e2e = fileURLToPath(new URL('./', import.meta.url))
const serviceDir = join(e2e, '.service')
const outDir = join(e2e, 'out')
const HOST = '127.0.0.1'
/** Start-stop cycles of the emulator; every one must start, answer and stop cleanly. */
const CYCLES = Number(process.env.E2E_CYCLES ?? 10)
/** The whole run is bounded: past this, the emulator is killed and the run fails. */
const RUN_LIMIT_MS = 15 * 60_000
const READY_LIMIT_MS = 60_000
const STOP_LIMIT_MS = 10_000

const logo = readFileSync(join(root, 'examples/assets/logo.png'))
const report = readFileSync(join(root, 'examples/assets/report.pdf'))

const ACCEPT = {
  png: 'image/png',
  any: '*/*',
  browserImage: 'image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
  json: 'application/json',
} as const

// ---- checks ---------------------------------------------------------------------------------------------

let passed = 0
let failed = 0
const check = (name: string, ok: boolean, detail = ''): boolean => {
  if (ok) passed++
  else failed++
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || detail === '' ? '' : `: ${detail}`}`)
  return ok
}
/** Runs a group of checks; an exception inside it is one more failure, not the end of the run. */
const attempt = async (name: string, body: () => Promise<void>): Promise<void> => {
  try {
    await body()
  } catch (error) {
    check(name, false, (error as Error).stack ?? String(error))
  }
}

// ---- the emulator ---------------------------------------------------------------------------------------

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

const portIsOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = new Socket()
    const done = (open: boolean) => {
      socket.destroy()
      resolve(open)
    }
    socket.setTimeout(1_000, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
    socket.connect(port, HOST)
  })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The deployable serverless.yml, plus what only the test needs: the plugin, loopback ports, the page. */
const writeService = (ports: Record<string, number>) => {
  const service = yaml.load(
    readFileSync(join(root, 'examples/deploy/serverless.yml'), 'utf8'),
  ) as Record<string, unknown> & { functions: Record<string, unknown> }
  service.plugins = ['serverless-offline']
  service.custom = { 'serverless-offline': { host: HOST, ...ports } }
  service.functions.page = {
    handler: 'build/page.handler',
    events: [{ httpApi: { method: 'GET', path: '/' } }],
  }
  service.functions.videoPage = {
    handler: 'build/video.page',
    events: [{ httpApi: { method: 'GET', path: '/video' } }],
  }
  service.functions.video = {
    handler: 'build/video.handler',
    events: [{ httpApi: { method: 'GET', path: '/media/clip.webm' } }],
  }
  writeFileSync(join(serviceDir, 'serverless.yml'), yaml.dump(service))
}

interface Emulator {
  readonly child: ChildProcess
  readonly pid: number
  readonly exited: Promise<void>
  readonly base: string
  readonly ports: Record<string, number>
}

let running: Emulator | undefined

const start = async (cycle: number): Promise<Emulator> => {
  const ports = {
    httpPort: await freePort(),
    lambdaPort: await freePort(),
    websocketPort: await freePort(),
    albPort: await freePort(),
  }
  writeService(ports)
  const log = createWriteStream(join(outDir, `serverless-offline-${cycle}.log`))
  const child = spawn(
    process.execPath,
    [join(e2e, 'node_modules/serverless/bin/serverless.js'), 'offline', 'start'],
    {
      cwd: serviceDir,
      // Its own process group, so that stopping it by its id stops whatever it started too.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_TRACKING_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        SLS_DEPRECATION_DISABLE: '*',
        // Offline needs no AWS account; never let an SDK look for one on the network.
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: 'offline',
        AWS_SECRET_ACCESS_KEY: 'offline',
        AWS_REGION: 'eu-west-1',
        CI: 'true',
      },
    },
  )
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
  if (child.pid === undefined) throw new Error('serverless-offline did not start')
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const emulator = {
    child,
    pid: child.pid,
    exited,
    base: `http://${HOST}:${ports.httpPort}`,
    ports,
  }
  running = emulator

  let gone = false
  void exited.then(() => {
    gone = true
  })
  const deadline = Date.now() + READY_LIMIT_MS
  while (Date.now() < deadline && !gone) {
    try {
      const response = await fetch(`${emulator.base}/`, { signal: AbortSignal.timeout(2_000) })
      await response.arrayBuffer()
      if (response.status === 200) return emulator
    } catch {
      // not listening yet
    }
    await sleep(250)
  }
  throw new Error(
    `serverless-offline ${gone ? 'exited' : 'was not ready'} (see e2e/out/serverless-offline-${cycle}.log)`,
  )
}

/** Stops the emulator by its process group id: SIGTERM, then SIGKILL if it has not exited in time. */
const stop = async (emulator: Emulator): Promise<void> => {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-emulator.pid, name)
    } catch {
      // already gone
    }
  }
  if (emulator.child.exitCode === null && emulator.child.signalCode === null) {
    signal('SIGTERM')
    const stopped = await Promise.race([
      emulator.exited.then(() => true),
      sleep(STOP_LIMIT_MS).then(() => false),
    ])
    if (!stopped) {
      signal('SIGKILL')
      await emulator.exited
    }
  }
  // Whatever else it started in its group goes too.
  signal('SIGKILL')
  if (running === emulator) running = undefined
}

const groupIsGone = (pid: number): boolean => {
  try {
    process.kill(-pid, 0)
    return false
  } catch {
    return true
  }
}

// Whatever ends this process, the emulator goes with it.
const killRunningNow = () => {
  if (running === undefined) return
  try {
    process.kill(-running.pid, 'SIGKILL')
  } catch {
    // already gone
  }
}
process.once('exit', killRunningNow)
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(name, () => {
    killRunningNow()
    process.exit(1)
  })
}
const watchdog = setTimeout(() => {
  console.log(`FAIL the run took longer than ${RUN_LIMIT_MS / 1000} s`)
  failed++
  console.log(`e2e: ${passed} passed, ${failed} failed`)
  killRunningNow()
  process.exit(1)
}, RUN_LIMIT_MS)
watchdog.unref()

// ---- curl -----------------------------------------------------------------------------------------------

interface CurlResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

const run = promisify(execFile)
/** One request with curl; `extra` are more curl arguments (`--header`, `--head`). */
const curl = async (
  url: string,
  accept: string,
  extra: readonly string[] = [],
): Promise<CurlResponse> => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-curl-'))
  try {
    const bodyFile = join(dir, 'body')
    const headerFile = join(dir, 'headers')
    await run('curl', [
      '--silent',
      '--show-error',
      '--max-time',
      '15',
      '--noproxy',
      '*',
      '--header',
      `Accept: ${accept}`,
      '--dump-header',
      headerFile,
      '--output',
      bodyFile,
      ...extra,
      url,
    ])
    const [statusLine = '', ...lines] = readFileSync(headerFile, 'latin1').trim().split(/\r?\n/)
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      if (colon > 0)
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    // `--head` writes no body file when there is no body.
    const body = existsSync(bodyFile) ? readFileSync(bodyFile) : Buffer.alloc(0)
    return { status: Number(statusLine.split(' ')[1]), headers, body }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim()

type Expectation =
  | { bytes: Buffer; type: string; disposition?: string }
  | { refused: true }
  | { json: unknown }

const routes = {
  restImage: '/dev/images/logo.png',
  restJson: '/dev/images/logo.json',
  routerImage: '/dev/catalog/logo/thumbnail',
  routerJson: '/dev/catalog',
  httpApiPdf: '/reports/latest.pdf',
} as const

const logoJson = { name: 'logo.png', type: 'image/png', href: '/images/logo.png' }
const catalogJson = [{ id: 'logo', name: 'Logo', thumbnail: '/catalog/logo/thumbnail' }]
const png = { bytes: logo, type: 'image/png' } as const
const pdf = {
  bytes: report,
  type: 'application/pdf',
  // attachment() writes a token file name without quotes (RFC 6266 allows either).
  disposition: 'attachment; filename=report.pdf',
} as const
const refused = { refused: true } as const

// [route, Accept, expectation]. REST routes list image/* and honour only the first Accept type; the HTTP
// API route serves application/pdf to any Accept that allows it.
// biome-ignore format: one case a line reads as a table
const curlCases: ReadonlyArray<readonly [keyof typeof routes, keyof typeof ACCEPT, Expectation]> = [
  ['restImage', 'png', png], ['restImage', 'any', refused], ['restImage', 'browserImage', png], ['restImage', 'json', refused],
  ['restJson', 'png', { json: logoJson }], ['restJson', 'any', { json: logoJson }], ['restJson', 'browserImage', { json: logoJson }], ['restJson', 'json', { json: logoJson }],
  ['routerImage', 'png', png], ['routerImage', 'any', refused], ['routerImage', 'browserImage', png], ['routerImage', 'json', refused],
  ['routerJson', 'png', { json: catalogJson }], ['routerJson', 'any', { json: catalogJson }], ['routerJson', 'browserImage', { json: catalogJson }], ['routerJson', 'json', { json: catalogJson }],
  ['httpApiPdf', 'png', refused], ['httpApiPdf', 'any', pdf], ['httpApiPdf', 'browserImage', pdf], ['httpApiPdf', 'json', refused],
]

const checkCurl = async (base: string) => {
  for (const [route, accept, expected] of curlCases) {
    const name = `curl ${routes[route]} Accept: ${ACCEPT[accept]}`
    await attempt(name, async () => {
      const response = await curl(`${base}${routes[route]}`, ACCEPT[accept])
      const type = mediaType(response.headers['content-type'])
      if ('bytes' in expected) {
        const same = response.body.equals(expected.bytes)
        check(
          `${name}: 200, ${expected.type}, the file's ${expected.bytes.length} bytes exactly`,
          response.status === 200 && type === expected.type && same,
          `status ${response.status}, ${type}, ${response.body.length} bytes, ${same ? 'same' : 'different'} bytes`,
        )
        check(
          `${name}: Vary: Accept and nosniff`,
          /(^|,)\s*accept\s*(,|$)/i.test(response.headers.vary ?? '') &&
            response.headers['x-content-type-options'] === 'nosniff',
          JSON.stringify(response.headers),
        )
        if (expected.disposition !== undefined) {
          check(
            `${name}: Content-Disposition`,
            response.headers['content-disposition'] === expected.disposition,
            response.headers['content-disposition'] ?? 'none',
          )
        }
      } else if ('refused' in expected) {
        check(
          `${name}: 406, text/plain`,
          response.status === 406 &&
            type === 'text/plain' &&
            response.body.toString().startsWith('Not Acceptable'),
          `status ${response.status}, ${type}, ${response.body.toString().slice(0, 80)}`,
        )
      } else {
        check(
          `${name}: 200, application/json, the JSON unchanged`,
          response.status === 200 &&
            type === 'application/json' &&
            response.body.toString() === JSON.stringify(expected.json),
          `status ${response.status}, ${type}, ${response.body.toString().slice(0, 80)}`,
        )
      }
    })
  }
  // The router stack's neighbours: CORS and security headers on bytes and on 406s.
  await attempt('curl router stack headers', async () => {
    for (const accept of ['png', 'any'] as const) {
      const response = await curl(`${base}${routes.routerImage}`, ACCEPT[accept])
      check(
        `curl ${routes.routerImage} Accept: ${ACCEPT[accept]}: ${response.status}, with CORS and security headers`,
        response.headers['access-control-allow-origin'] === '*' &&
          response.headers['x-frame-options'] === 'DENY' &&
          (response.headers['strict-transport-security'] ?? '').startsWith('max-age='),
        JSON.stringify(response.headers),
      )
    }
  })
}

// ---- Chromium -------------------------------------------------------------------------------------------

const checkBrowser = async (base: string) => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'e2e-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    const imageBodies = new Map<string, Promise<Buffer>>()
    // The Accept header as Chromium's network stack sent it (request.headers() omits it).
    const accepts = new Map<string, Promise<string>>()
    page.on('request', (request) => {
      accepts.set(
        new URL(request.url()).pathname,
        request.allHeaders().then((headers) => headers.accept ?? ''),
      )
    })
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname
      if (images.some(({ src }) => src === path)) imageBodies.set(path, response.body())
    })

    const opened = await page.goto(`${base}/`, { waitUntil: 'load', timeout: 30_000 })
    check('chromium opens the page served by the emulator', opened?.status() === 200)
    for (const { id, src } of images) {
      const state = await page.$eval(`#${id}`, (img) => {
        const image = img as HTMLImageElement
        return { complete: image.complete, naturalWidth: image.naturalWidth }
      })
      check(
        `chromium <img src="${src}"> decodes (naturalWidth ${state.naturalWidth})`,
        state.complete && state.naturalWidth > 0,
        JSON.stringify(state),
      )
      const body = await imageBodies.get(src)
      const accept = await accepts.get(src)
      // An <img> asks for images first: the first Accept type is what a REST API decodes by.
      check(
        `chromium <img src="${src}"> received the file's bytes, asking with Accept: ${accept}`,
        body?.equals(logo) === true && accept?.startsWith('image/') === true,
        `${body?.length ?? 'no'} bytes`,
      )
    }
    mkdirSync(outDir, { recursive: true })
    const screenshot = join(outDir, 'page.png')
    await page.screenshot({ path: screenshot, fullPage: true })
    console.log(`     screenshot of the page: ${screenshot}`)

    for (const [path, expected] of [
      [routes.restJson, logoJson],
      [routes.routerJson, catalogJson],
    ] as const) {
      const fetched = await page.evaluate(async (url) => {
        const response = await fetch(url)
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          text: await response.text(),
        }
      }, path)
      check(
        `chromium fetch('${path}') gets the JSON unchanged`,
        fetched.status === 200 &&
          mediaType(fetched.type ?? undefined) === 'application/json' &&
          fetched.text === JSON.stringify(expected),
        JSON.stringify(fetched).slice(0, 120),
      )
    }

    // A navigation to the PDF: Content-Disposition: attachment makes it a download.
    const download = page.waitForEvent('download', { timeout: 30_000 })
    await page.goto(`${base}${routes.httpApiPdf}`).catch(() => undefined)
    const file = await (await download).path()
    const bytes = readFileSync(file)
    const accept = await accepts.get(routes.httpApiPdf)
    check(
      `chromium navigation to ${routes.httpApiPdf} downloads the PDF's ${report.length} bytes exactly, asking with Accept: ${accept}`,
      bytes.equals(report) && accept?.startsWith('text/html') === true,
      `${bytes.length} bytes`,
    )
    const began = Date.now()
    await attempt('chromium video', () => checkVideo(context, base))
    console.log(`     the video checks took ${Date.now() - began} ms`)
  } finally {
    await context.close()
    rmSync(userDataDir, { recursive: true, force: true })
  }
}

// ---- HTTP semantics: Range, 416, 304, HEAD ---------------------------------------------------------------

const clipPath = join(serviceDir, 'clip.webm')

/**
 * A WebM larger than one buffered response: 4 s of noisy 640x360 VP8 at 16 Mbit/s, about 7.8 MB. Made by
 * Debian's ffmpeg on the first run and kept in e2e/.service/ for the next.
 */
const makeClip = async (): Promise<Buffer> => {
  if (!existsSync(clipPath)) {
    const partial = `${clipPath}.partial`
    await run('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25,noise=alls=80:allf=t+u', '-t', '4'],
      ...['-c:v', 'libvpx', '-b:v', '16M', '-minrate', '16M', '-maxrate', '16M'],
      ...['-deadline', 'realtime', '-cpu-used', '8', '-an', '-f', 'webm', partial],
    ])
    renameSync(partial, clipPath)
  }
  return readFileSync(clipPath)
}

/** A HEAD request with Node's client, which knows that a HEAD response has no body. */
const headRequest = (url: string, accept: string): Promise<CurlResponse> =>
  new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'HEAD', headers: { accept }, timeout: 15_000 })
    request.once('timeout', () => request.destroy(new Error('HEAD timed out')))
    request.once('error', reject)
    request.once('response', (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.once('end', () => {
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(response.headers)) headers[name] = String(value)
        resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks) })
      })
    })
    request.end()
  })

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/
const describe = (response: CurlResponse) =>
  `status ${response.status}, ${JSON.stringify(response.headers)}, ${response.body.length} bytes`

/** What the emulator did with HEAD, 206 and 304, for the README's record. */
const observed: string[] = []

const checkRanges = async (base: string, clip: Buffer) => {
  // A REST API route (the first Accept type decides) and an HTTP API route.
  const files = [
    ['REST API', routes.restImage, ACCEPT.png, logo],
    ['HTTP API', routes.httpApiPdf, ACCEPT.any, report],
  ] as const
  for (const [api, route, accept, file] of files) {
    await attempt(`curl ranges on ${route}`, async () => {
      const url = `${base}${route}`
      const whole = await curl(url, accept)
      check(
        `curl ${route} (${api}): 200 advertises Accept-Ranges: bytes`,
        whole.status === 200 && whole.headers['accept-ranges'] === 'bytes',
        describe(whole),
      )
      // biome-ignore format: one case a line reads as a table
      const parts = [
        ['bytes=100-199', 100, 199],
        ['bytes=-100', file.length - 100, file.length - 1],
        ['bytes=1000-', 1000, file.length - 1],
        ['bytes=0-0', 0, 0],
      ] as const
      for (const [range, first, last] of parts) {
        const part = await curl(url, accept, ['--header', `Range: ${range}`])
        check(
          `curl ${route} (${api}) Range: ${range}: 206, Content-Range bytes ${first}-${last}/${file.length}, exactly those bytes`,
          part.status === 206 &&
            part.headers['content-range'] === `bytes ${first}-${last}/${file.length}` &&
            part.body.equals(file.subarray(first, last + 1)),
          describe(part),
        )
      }
      const past = await curl(url, accept, ['--header', `Range: bytes=${file.length}-`])
      check(
        `curl ${route} (${api}) Range: bytes=${file.length}-: 416, Content-Range bytes */${file.length}`,
        past.status === 416 && past.headers['content-range'] === `bytes */${file.length}`,
        describe(past),
      )
      const several = await curl(url, accept, ['--header', 'Range: bytes=0-1,5-6'])
      check(
        `curl ${route} (${api}) Range: bytes=0-1,5-6: the whole file, 200`,
        several.status === 200 && several.body.equals(file),
        describe(several),
      )
      const head = await headRequest(url, accept)
      observed.push(
        `HEAD ${route} (${api}): status ${head.status}, content-length ${head.headers['content-length'] ?? 'none'}, content-type ${head.headers['content-type'] ?? 'none'}, ${head.body.length} body bytes`,
      )
      check(
        `HEAD ${route} (${api}): the GET's status, type and length, no body`,
        head.status === whole.status &&
          head.headers['content-type'] === whole.headers['content-type'] &&
          head.headers['content-length'] === String(file.length) &&
          head.body.length === 0,
        describe(head),
      )
      // A Range the middleware ignores (another unit): what reaches the client is the emulator's doing.
      const unit = await curl(url, accept, ['--header', 'Range: items=0-1'])
      observed.push(`Range: items=0-1 on ${route} (${api}): ${describe(unit)}`)
    })
  }

  await attempt('curl 304 on the PDF', async () => {
    const url = `${base}${routes.httpApiPdf}`
    const first = await curl(url, ACCEPT.any)
    const etag = first.headers.etag ?? ''
    const again = await curl(url, ACCEPT.any, ['--header', `If-None-Match: ${etag}`])
    observed.push(
      `304 ${routes.httpApiPdf}: status ${again.status}, headers ${JSON.stringify(again.headers)}, ${again.body.length} body bytes`,
    )
    check(
      `curl ${routes.httpApiPdf} If-None-Match: its ETag ${etag}: 304, no body`,
      /^"[\w-]{43}"$/.test(etag) && again.status === 304 && again.body.length === 0,
      describe(again),
    )
    const stale = await curl(url, ACCEPT.any, ['--header', 'If-None-Match: "stale"'])
    check(
      `curl ${routes.httpApiPdf} If-None-Match: "stale": 200, the file`,
      stale.status === 200 && stale.body.equals(report),
      describe(stale),
    )
  })

  await attempt('curl the video, part after part', async () => {
    const url = `${base}/media/clip.webm`
    const tooLarge = await curl(url, ACCEPT.any)
    check(
      `curl /media/clip.webm without Range: ${clip.length} bytes do not fit, 500`,
      tooLarge.status === 500,
      describe(tooLarge),
    )
    const parts: Buffer[] = []
    let position = 0
    let requests = 0
    while (position < clip.length && requests < 10) {
      requests++
      const part = await curl(url, ACCEPT.any, ['--header', `Range: bytes=${position}-`])
      const match = CONTENT_RANGE.exec(part.headers['content-range'] ?? '')
      if (part.status !== 206 || match === null || Number(match[1]) !== position) {
        check(`curl /media/clip.webm Range: bytes=${position}-`, false, describe(part))
        return
      }
      parts.push(part.body)
      position = Number(match[2]) + 1
    }
    check(
      `curl /media/clip.webm: ${requests} open-ended ranges, each the largest part that fits, give back the ${clip.length}-byte file exactly`,
      requests > 1 && Buffer.concat(parts).equals(clip),
      `${requests} requests, ${Buffer.concat(parts).length} bytes`,
    )
  })
}

interface WireExchange {
  path?: string
  request?: Record<string, string>
  status?: number
  response?: Record<string, string>
}

const lowerCased = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))

/**
 * What crossed the network, from Chromium's DevTools protocol: the request headers as sent and the
 * status as received. Playwright's own response events show what the page saw, and a 304 that
 * revalidated a cached entry shows there as the cached 200 or 206.
 */
const watchWire = async (context: BrowserContext, page: Page) => {
  const exchanges = new Map<string, WireExchange>()
  const entry = (id: string) => exchanges.get(id) ?? (exchanges.set(id, {}).get(id) as WireExchange)
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  cdp.on('Network.requestWillBeSent', (event) => {
    entry(event.requestId).path = new URL(event.request.url).pathname
  })
  cdp.on('Network.requestWillBeSentExtraInfo', (event) => {
    entry(event.requestId).request = lowerCased(event.headers as Record<string, string>)
  })
  cdp.on('Network.responseReceivedExtraInfo', (event) => {
    const exchange = entry(event.requestId)
    exchange.status = event.statusCode
    exchange.response = lowerCased(event.headers as Record<string, string>)
  })
  /** The exchanges for `path` so far, one line each, forgotten once taken. */
  return (path: string): Array<{ status: number | undefined; line: string }> => {
    const taken: Array<{ status: number | undefined; line: string }> = []
    for (const [id, exchange] of exchanges) {
      if (exchange.path !== path || exchange.status === undefined) continue
      exchanges.delete(id)
      const { request = {}, response = {} } = exchange
      const conditions = ['range', 'if-range', 'if-none-match']
        .filter((name) => request[name] !== undefined)
        .map((name) => `${name}: ${request[name]}`)
      taken.push({
        status: exchange.status,
        line: `${conditions.join(', ') || 'unconditional'} → ${exchange.status} ${response['content-range'] ?? ''}`.trimEnd(),
      })
    }
    return taken
  }
}

/** Chromium plays the video to its end through Range requests; a revisit revalidates it. */
const checkVideo = async (context: BrowserContext, base: string) => {
  const page = await context.newPage()
  const wire = await watchWire(context, page)
  const play = () =>
    page.evaluate(
      () =>
        new Promise<{ ended: boolean; currentTime: number; duration: number; error?: string }>(
          (resolve) => {
            const video = document.getElementById('clip') as HTMLVideoElement
            const report = (error?: string) =>
              resolve({
                ended: video.ended,
                currentTime: video.currentTime,
                duration: video.duration,
                ...(error === undefined ? {} : { error }),
              })
            const timer = setTimeout(() => report('no ended event in 60 s'), 60_000)
            video.addEventListener('ended', () => {
              clearTimeout(timer)
              report()
            })
            video.addEventListener('error', () => report(`media error ${video.error?.code}`))
            video.playbackRate = 2
            video.play().catch((error: Error) => report(error.message))
          },
        ),
    )
  await page.goto(`${base}/video`, { waitUntil: 'load', timeout: 30_000 })
  const first = await play()
  check(
    `chromium <video> plays the ${Math.round(first.duration * 10) / 10} s WebM to its end ('ended' fired, currentTime ≈ duration)`,
    first.ended && first.error === undefined && Math.abs(first.currentTime - first.duration) < 0.1,
    JSON.stringify(first),
  )
  const firstVisit = wire('/media/clip.webm')
  check(
    `chromium fetched the video in ${firstVisit.length} Range requests, each answered with a 206 that fits a response`,
    firstVisit.length > 1 && firstVisit.every(({ status }) => status === 206),
    firstVisit.map(({ line }) => line).join('; '),
  )
  for (const { line } of firstVisit) console.log(`     first visit: ${line}`)

  await page.reload({ waitUntil: 'load', timeout: 30_000 })
  const second = await play()
  check(
    'chromium revisit: the video plays to its end again',
    second.ended && second.error === undefined,
    JSON.stringify(second),
  )
  const revisit = wire('/media/clip.webm')
  for (const { line } of revisit) console.log(`     revisit: ${line}`)
  check(
    'chromium revisit: the video revalidated with its ETag, answered 304',
    revisit.some(({ status }) => status === 304),
    revisit.map(({ line }) => line).join('; '),
  )
  // The page itself: a fetch() that revalidates the PDF with the ETag it holds gets a 304.
  const revalidated = await page.evaluate(async (url) => {
    const first = await fetch(url)
    await first.arrayBuffer()
    const again = await fetch(url, { cache: 'no-cache' })
    return {
      again: again.status,
      type: again.headers.get('content-type'),
      bytes: (await again.arrayBuffer()).byteLength,
    }
  }, routes.httpApiPdf)
  const pdfExchanges = wire(routes.httpApiPdf)
  check(
    `chromium fetch() revalidating ${routes.httpApiPdf}: a 304 on the wire, the cached ${revalidated.bytes} bytes to the page`,
    revalidated.again === 200 &&
      revalidated.type === 'application/pdf' &&
      revalidated.bytes === report.length &&
      pdfExchanges.some(({ status }) => status === 304),
    `${JSON.stringify(revalidated)}; ${pdfExchanges.map(({ line }) => line).join('; ')}`,
  )
  await page.close()
}

// ---- main -----------------------------------------------------------------------------------------------

rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })
mkdirSync(serviceDir, { recursive: true })
try {
  await bundle(join(serviceDir, 'build'), [join(e2e, 'page.ts'), join(e2e, 'video.ts')])
  const madeAt = Date.now()
  const clip = await makeClip()
  console.log(`     the ${clip.length}-byte WebM is ready in ${Date.now() - madeAt} ms`)
  copyFileSync(clipPath, join(serviceDir, 'build/assets/clip.webm'))
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    await attempt(`cycle ${cycle}`, async () => {
      const began = Date.now()
      const emulator = await start(cycle)
      try {
        const ready = Date.now() - began
        if (cycle === 1) {
          await checkCurl(emulator.base)
          const began = Date.now()
          await checkRanges(emulator.base, clip)
          console.log(`     the Range, 416, 304 and HEAD checks took ${Date.now() - began} ms`)
          await attempt('chromium', () => checkBrowser(emulator.base))
        } else {
          const response = await curl(`${emulator.base}${routes.restImage}`, ACCEPT.png)
          check(
            `cycle ${cycle}: started in ${ready} ms, serves the image's exact bytes`,
            response.status === 200 && response.body.equals(logo),
            `status ${response.status}`,
          )
        }
      } finally {
        await stop(emulator)
      }
      const open = (
        await Promise.all(Object.values(emulator.ports).map((port) => portIsOpen(port)))
      ).some(Boolean)
      check(
        `cycle ${cycle}: stopped by pid ${emulator.pid}, its process group gone, its ports closed`,
        groupIsGone(emulator.pid) && !open,
      )
    })
  }
} catch (error) {
  check('e2e setup', false, (error as Error).stack ?? String(error))
} finally {
  if (running !== undefined) await stop(running)
}

// The package as a user installs it: the README's snippets and bundling paths in a fresh app.
await attempt('fresh app', () => freshAppChecks(check))

console.log('\nWhat the emulator did:')
for (const line of observed) console.log(`     ${line}`)
console.log(`\ne2e: ${passed} passed, ${failed} failed`)
process.exitCode = failed === 0 && passed > 0 ? 0 : 1
