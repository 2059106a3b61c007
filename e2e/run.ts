/**
 * End-to-end: the example handlers, bundled as for Lambda, behind serverless-offline (REST `http` and HTTP
 * API `httpApi` routes, from examples/deploy/serverless.yml), checked with curl and headless Chromium.
 *
 * Run from the repository root with `npm run test:e2e` (which builds the library first). Prints one line
 * per check and ends with `e2e: N passed, N failed`; exits 1 on any failure. The emulator listens on
 * 127.0.0.1 only, with telemetry off, and is stopped by its process group id whatever happens.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import yaml from 'js-yaml'
import { chromium } from 'playwright-core'
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
const curl = async (url: string, accept: string): Promise<CurlResponse> => {
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
      url,
    ])
    const [statusLine = '', ...lines] = readFileSync(headerFile, 'latin1').trim().split(/\r?\n/)
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      if (colon > 0)
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    return { status: Number(statusLine.split(' ')[1]), headers, body: readFileSync(bodyFile) }
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
  disposition: 'attachment; filename="report.pdf"',
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
  } finally {
    await context.close()
    rmSync(userDataDir, { recursive: true, force: true })
  }
}

// ---- main -----------------------------------------------------------------------------------------------

rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })
mkdirSync(serviceDir, { recursive: true })
try {
  await bundle(join(serviceDir, 'build'), [join(e2e, 'page.ts')])
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    await attempt(`cycle ${cycle}`, async () => {
      const began = Date.now()
      const emulator = await start(cycle)
      try {
        const ready = Date.now() - began
        if (cycle === 1) {
          await checkCurl(emulator.base)
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

console.log(`\ne2e: ${passed} passed, ${failed} failed`)
process.exitCode = failed === 0 && passed > 0 ? 0 : 1
