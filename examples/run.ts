/**
 * Invokes the example handlers with realistic events, prints what each gateway would deliver and writes
 * each decoded body to examples/out/. Exits 1 when a case does not behave as expected, so
 * `npm run example` doubles as a check.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  ACCEPT,
  albEvent,
  albMultiValueEvent,
  edgeRequestEvent,
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
  latticeEvent,
  latticeV1Event,
  restApiEvent,
} from '../__tests__/support/events.ts'
import { handler as albTarget } from './alb-target.ts'
import { handler as edgeImage } from './edge-image.ts'
import { handler as imageRestApi } from './image-rest-api.ts'
import { handler as jsonRoute } from './json-route.ts'
import { handler as latticeReport } from './lattice-report.ts'
import { handler as pdfDownload } from './pdf-download.ts'
import { handler as router } from './router.ts'

type Outcome = 'encoded' | 'passed through' | 'refused 406'

interface Case {
  readonly name: string
  readonly source: string
  readonly invoke: () => Promise<unknown>
  readonly expect: Outcome
  /** The asset the decoded body must equal, byte for byte. */
  readonly asset?: string
  /** The exact text a passed-through body must be. */
  readonly text?: string
  /** For an ALB: the only header container the response may use. */
  readonly headers?: 'headers' | 'multiValueHeaders'
  /** For Lambda@Edge: the response must be in CloudFront's shape (`status`, header lists, `bodyEncoding`). */
  readonly edge?: true
}

interface ProxyResponse {
  statusCode?: number
  status?: string
  statusDescription?: string
  headers?: Record<string, unknown>
  multiValueHeaders?: Record<string, unknown[]>
  body: string
  isBase64Encoded?: boolean
  bodyEncoding?: 'text' | 'base64'
}

const context = lambdaContext()
// biome-ignore format: one case a line reads as a table
const cases: readonly Case[] = [
  { name: 'browser-img', source: 'rest-api', invoke: () => imageRestApi(restApiEvent(ACCEPT.browserImage), context), expect: 'encoded', asset: 'logo.png' },
  { name: 'curl-img', source: 'rest-api', invoke: () => imageRestApi(restApiEvent(ACCEPT.curl), context), expect: 'refused 406' },
  { name: 'json-client-img', source: 'rest-api', invoke: () => imageRestApi(restApiEvent(ACCEPT.json), context), expect: 'refused 406' },
  { name: 'json-client-json-route', source: 'rest-api', invoke: () => jsonRoute(restApiEvent(ACCEPT.json, '/images/logo.json'), context), expect: 'passed through' },
  { name: 'browser-nav-pdf', source: 'http-api', invoke: () => pdfDownload(httpApiEvent(ACCEPT.browserNavigation), context), expect: 'encoded', asset: 'report.pdf' },
  { name: 'browser-nav-pdf-url', source: 'function-url', invoke: () => pdfDownload(functionUrlEvent(ACCEPT.browserNavigation), context), expect: 'encoded', asset: 'report.pdf' },
  { name: 'curl-pdf', source: 'http-api', invoke: () => pdfDownload(httpApiEvent(ACCEPT.curl), context), expect: 'encoded', asset: 'report.pdf' },
  { name: 'json-client-pdf', source: 'http-api', invoke: () => pdfDownload(httpApiEvent(ACCEPT.json), context), expect: 'refused 406' },
  { name: 'alb-img', source: 'alb', invoke: () => albTarget(albEvent(ACCEPT.browserImage), context), expect: 'encoded', asset: 'logo.png', headers: 'headers' },
  { name: 'router-img', source: 'rest-api', invoke: () => router(restApiEvent(ACCEPT.browserImage, '/catalog/logo/thumbnail'), context), expect: 'encoded', asset: 'logo.png' },
  { name: 'router-curl-img', source: 'rest-api', invoke: () => router(restApiEvent(ACCEPT.curl, '/catalog/logo/thumbnail'), context), expect: 'refused 406' },
  { name: 'router-json', source: 'rest-api', invoke: () => router(restApiEvent(ACCEPT.json, '/catalog'), context), expect: 'passed through', text: '[{"id":"logo","name":"Logo","thumbnail":"/catalog/logo/thumbnail"}]' },
  { name: 'router-browser-json', source: 'rest-api', invoke: () => router(restApiEvent(ACCEPT.browserNavigation, '/catalog/logo'), context), expect: 'passed through', text: '{"id":"logo","name":"Logo","thumbnail":"/catalog/logo/thumbnail"}' },
  { name: 'alb-multi-img', source: 'alb multi', invoke: () => albTarget(albMultiValueEvent(ACCEPT.browserImage), context), expect: 'encoded', asset: 'logo.png', headers: 'multiValueHeaders' },
  { name: 'lattice-nav-pdf', source: 'vpc-lattice', invoke: () => latticeReport(latticeEvent(ACCEPT.browserNavigation), context), expect: 'encoded', asset: 'report.pdf' },
  { name: 'lattice-v1-json-pdf', source: 'lattice v1', invoke: () => latticeReport(latticeV1Event(ACCEPT.json), context), expect: 'refused 406' },
  { name: 'edge-img', source: 'edge origin', invoke: () => edgeImage(edgeRequestEvent(ACCEPT.browserImage, 'origin-request'), context), expect: 'encoded', asset: 'logo.png', edge: true },
  { name: 'edge-json-img', source: 'edge viewer', invoke: () => edgeImage(edgeRequestEvent(ACCEPT.json), context), expect: 'refused 406', edge: true },
]

const outDir = new URL('./out/', import.meta.url)
const shown = (url: URL): string => relative(process.cwd(), fileURLToPath(url))
const extensions: Record<string, string> = {
  'image/png': 'png',
  'application/pdf': 'pdf',
  'application/json': 'json',
  'text/plain': 'txt',
}

const headerValue = (response: ProxyResponse, name: string): string | undefined => {
  for (const container of [response.headers, response.multiValueHeaders]) {
    for (const [key, value] of Object.entries(container ?? {})) {
      if (key.toLowerCase() !== name) continue
      const first: unknown = Array.isArray(value) ? value[0] : value
      // Lambda@Edge headers are lists of `{ key, value }`.
      return String(
        typeof first === 'object' && first !== null ? (first as { value: unknown }).value : first,
      )
    }
  }
  return undefined
}

/** Whether a response is in CloudFront's shape: a string status, every header a list of `{ key, value }`. */
const isEdgeShaped = (response: ProxyResponse): boolean =>
  typeof response.status === 'string' &&
  !('statusCode' in response) &&
  Object.values(response.headers ?? {}).every(
    (entries) =>
      Array.isArray(entries) && entries.every((entry) => typeof entry?.value === 'string'),
  )

const isHttpError = (error: unknown): error is Error & { statusCode: number } =>
  error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === 'number'

rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })
const failures: string[] = []
const row = (...cells: string[]): void => {
  const widths = [24, 14, 8, 18, 16, 9]
  console.log(cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(''))
}
row('case', 'source', 'status', 'content-type', 'outcome', 'bytes', 'written to')

for (const test of cases) {
  let response: ProxyResponse
  try {
    response = (await test.invoke()) as ProxyResponse
  } catch (error) {
    // Every example has an error handler, so a thrown error here means a stack without one.
    if (!isHttpError(error)) throw error
    const outcome = error.statusCode === 406 ? 'refused 406' : `error ${error.statusCode}`
    row(test.name, test.source, String(error.statusCode), '-', outcome, '-', '-')
    if (outcome !== test.expect)
      failures.push(`${test.name}: ${outcome}, expected ${test.expect}: ${error.message}`)
    continue
  }
  if (typeof response?.body !== 'string') {
    failures.push(`${test.name}: not a proxy response: ${JSON.stringify(response)?.slice(0, 80)}`)
    continue
  }
  const statusCode = response.statusCode ?? Number(response.status)
  const base64 = response.isBase64Encoded === true || response.bodyEncoding === 'base64'
  const outcome: Outcome =
    statusCode === 406 ? 'refused 406' : base64 ? 'encoded' : 'passed through'
  const bytes = Buffer.from(response.body, base64 ? 'base64' : 'utf8')
  const contentType = headerValue(response, 'content-type') ?? '-'
  const file = new URL(
    `${test.name}.${extensions[contentType.split(';')[0] ?? ''] ?? 'bin'}`,
    outDir,
  )
  writeFileSync(file, bytes)
  // An ALB's description carries the code ("200 OK"); CloudFront's is the text alone.
  const status =
    response.status === undefined
      ? (response.statusDescription ?? String(statusCode))
      : response.status
  row(test.name, test.source, status, contentType, outcome, `${bytes.length} B`, shown(file))

  if (outcome !== test.expect) failures.push(`${test.name}: ${outcome}, expected ${test.expect}`)
  if (
    test.asset !== undefined &&
    !bytes.equals(readFileSync(new URL(`./assets/${test.asset}`, import.meta.url)))
  ) {
    failures.push(`${test.name}: the decoded body differs from assets/${test.asset}`)
  }
  if (test.text !== undefined && bytes.toString() !== test.text) {
    failures.push(`${test.name}: the body is not ${test.text}`)
  }
  if (test.headers !== undefined) {
    const other = test.headers === 'headers' ? 'multiValueHeaders' : 'headers'
    if (response[test.headers] === undefined || response[other] !== undefined) {
      failures.push(`${test.name}: the ALB reads only ${test.headers} here`)
    }
    if (response.statusDescription === undefined)
      failures.push(`${test.name}: no statusDescription`)
  }
  if (test.edge === true && !isEdgeShaped(response)) {
    failures.push(`${test.name}: not a response CloudFront reads`)
  }
}

if (failures.length > 0) {
  console.error(`\n${failures.length} unexpected:\n  ${failures.join('\n  ')}`)
  process.exitCode = 1
} else {
  console.log(
    `\nAll ${cases.length} cases as expected. Open the files above to see what a client gets.`,
  )
}
