/**
 * `npm run bench`: what binaryResponse() costs, measured side by side against what a Lambda would pay
 * anyway, printed as a table of ratios. `--json FILE` also writes the figures as JSON.
 *
 * It measures the built package (dist/), as users install it, on the inputs bench/make-inputs.sh writes
 * to bench/.inputs/. Run it with Node's --expose-gc (the npm script does) for the memory section.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import middy, { type MiddlewareObj, type Request } from '@middy/core'
import { build } from 'esbuild'
import { FileTypeParser } from 'file-type'
import { httpApiEvent, lambdaContext, restApiEvent } from '../__tests__/support/events.ts'
import { acceptsUnder } from '../dist/accept.js'
import { detectContentType } from '../dist/content-type.js'
import { readHttpRequest } from '../dist/gateways/index.js'
import { binaryResponse } from '../dist/index.js'
import { acceptRuleFor } from '../dist/middleware.js'
import { binaryResponseValidateOptions } from '../dist/options.js'
import { type Comparison, compare, median, quantile, timeEach } from './harness.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const inputs = new URL('./.inputs/', import.meta.url)
const readInput = (file: string): Buffer => readFileSync(new URL(file, inputs))
const jsonOut = process.argv.includes('--json')
  ? process.argv[process.argv.indexOf('--json') + 1]
  : undefined

const context = lambdaContext()
const kb = (bytes: number): string =>
  `${(bytes / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`
const us = (ns: number): string => `${(ns / 1000).toFixed(ns < 10_000 ? 2 : 1)} µs`
const ms = (ns: number): string => `${(ns / 1e6).toFixed(3)} ms`
const x = (ratio: number): string => `${ratio.toFixed(3)}×`
const spreadOf = (c: Comparison): string => `${x(c.spread[0])}–${x(c.spread[1])}`

interface Budget {
  readonly what: string
  readonly limit: string
  readonly measured: string
  readonly holds: boolean
}
const budgets: Budget[] = []
const report: Record<string, unknown> = { node: process.version, date: new Date().toISOString() }

const table = (title: string, head: string[], rows: string[][]): void => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`
  console.log(`\n${title}\n`)
  console.log(line(head))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of rows) console.log(line(row))
}

// 1. JSON passthrough: the same handler with and without the middleware.
const passthrough = async () => {
  const result = {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: 42, name: 'widget', tags: ['a', 'b'], price: 9.5 }),
  }
  const event = restApiEvent('application/json', '/items/42')
  const bare = middy(async () => result)
  const withMiddleware = middy(async () => result).use(binaryResponse())
  // What any middleware costs Middy: one synchronous after-hook that does nothing.
  const withEmptyHook = middy(async () => result).use({ after: () => undefined })
  const c = await compare(
    () => bare(event as never, context),
    () => withMiddleware(event as never, context),
  )
  const empty = await compare(
    () => bare(event as never, context),
    () => withEmptyHook(event as never, context),
  )
  table(
    '1. JSON passthrough (Middy handler returning a proxy result with a JSON body)',
    ['variant', 'bare Middy', 'variant', 'ratio (median)', 'spread p10–p90'],
    [
      ['with binaryResponse()', us(c.baselineNs), us(c.candidateNs), x(c.ratio), spreadOf(c)],
      [
        'with an empty after-hook',
        us(empty.baselineNs),
        us(empty.candidateNs),
        x(empty.ratio),
        spreadOf(empty),
      ],
    ],
  )
  budgets.push({
    what: 'JSON passthrough',
    limit: '≤ 1.05× bare Middy',
    measured: x(c.ratio),
    holds: c.ratio <= 1.05,
  })
  report.passthrough = { binaryResponse: c, emptyAfterHook: empty }
}

// 2. Binary responses: the middleware against the least any binary response needs.
/** The floor: a fixed Content-Type and Vary, and the base64 encoding, nothing else. */
const floorAfter = (contentType: string): MiddlewareObj => ({
  after: (request: Request) => {
    request.response = {
      statusCode: 200,
      headers: { 'Content-Type': contentType, Vary: 'Accept' },
      body: (request.response as Buffer).toString('base64'),
      isBase64Encoded: true,
    }
  },
})

const BINARY_INPUTS = [
  { file: 'small.png', mime: 'image/png', budget: 2 },
  { file: 'photo.jpg', mime: 'image/jpeg', budget: undefined },
  { file: 'report.pdf', mime: 'application/pdf', budget: 1.1 },
  { file: 'large.png', mime: 'image/png', budget: 1.1 },
] as const

const binary = async () => {
  const rows: string[][] = []
  const results: Record<string, Comparison> = {}
  for (const { file, mime, budget } of BINARY_INPUTS) {
    const bytes = readInput(file)
    const event = restApiEvent('image/png,application/pdf,image/jpeg,*/*', `/files/${file}`)
    const floor = middy(async () => bytes).use(floorAfter(mime))
    const withMiddleware = middy(async () => bytes).use(binaryResponse())
    const check = (await withMiddleware(event as never, context)) as unknown as {
      body: string
      headers: Record<string, string>
    }
    if (
      check.headers['Content-Type'] !== mime ||
      Buffer.from(check.body, 'base64').compare(bytes) !== 0
    ) {
      throw new Error(`${file}: the middleware did not return the bytes as ${mime}`)
    }
    const c = await compare(
      () => floor(event as never, context),
      () => withMiddleware(event as never, context),
      { rounds: 25, sampleMs: 15 },
    )
    results[file] = c
    rows.push([
      `${file} (${kb(bytes.byteLength)})`,
      us(c.baselineNs),
      us(c.candidateNs),
      x(c.ratio),
      spreadOf(c),
      budget === undefined ? '(none)' : `≤ ${budget}×`,
    ])
    if (budget !== undefined) {
      budgets.push({
        what: `binary ${file}, ${kb(bytes.byteLength)}`,
        limit: `≤ ${budget}× the floor`,
        measured: x(c.ratio),
        holds: c.ratio <= budget,
      })
    }
  }
  table(
    '2. Binary responses: binaryResponse() against the floor (fixed Content-Type + Vary + toString("base64"))',
    ['input', 'floor', 'binaryResponse()', 'ratio (median)', 'spread p10–p90', 'budget'],
    rows,
  )
  report.binary = results
}

// 2b. Where the time goes for a small response: the middleware without detection, and detection alone.
const smallResponseBreakdown = async () => {
  const bytes = readInput('small.png')
  const event = restApiEvent('image/png', '/files/small.png')
  const floor = middy(async () => bytes).use(floorAfter('image/png'))
  const declaredResult = { statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: bytes }
  const declared = middy(async () => declaredResult).use(binaryResponse())
  const detecting = middy(async () => bytes).use(binaryResponse())
  const floorCall = () => floor(event as never, context)
  const rows: [string, Comparison][] = [
    [
      'binaryResponse(), handler declares Content-Type',
      await compare(floorCall, () => declared(event as never, context)),
    ],
    [
      'binaryResponse(), type detected',
      await compare(floorCall, () => detecting(event as never, context)),
    ],
    [
      'file-type alone on the 3 KB PNG (new FileTypeParser().fromBuffer)',
      await compare(floorCall, () => new FileTypeParser().fromBuffer(bytes)),
    ],
  ]
  table(
    `2b. Where the time goes at ${kb(bytes.byteLength)} (each against the floor, side by side)`,
    ['variant', 'floor', 'variant', 'ratio (median)', 'spread p10–p90'],
    rows.map(([name, c]) => [name, us(c.baselineNs), us(c.candidateNs), x(c.ratio), spreadOf(c)]),
  )
  report.smallResponseBreakdown = Object.fromEntries(rows)
}

// 3. Detection worst cases, about 4.5 MB each.
const DETECTION_INPUTS = [
  { file: 'streamed.zip', what: 'ZIP written to a pipe (data descriptors)' },
  { file: 'content-types-last.docx', what: 'DOCX, [Content_Types].xml last' },
  { file: 'many-entries.zip', what: 'ZIP of 44,000 entries' },
  { file: 'random.gz', what: 'gzip' },
  { file: 'many-chunks.png', what: 'PNG with 600 tEXt chunks' },
  { file: 'random.bin', what: 'random bytes' },
  { file: 'text.txt', what: 'text' },
] as const

const detection = async () => {
  const rows: string[][] = []
  const results: Record<string, unknown> = {}
  const fileType = new FileTypeParser()
  for (const { file, what } of DETECTION_INPUTS) {
    const bytes = readInput(file)
    const fallback = 'application/octet-stream'
    const detected = await detectContentType(bytes, fallback)
    const wholeInput = (await fileType.fromBuffer(bytes))?.mime ?? fallback
    const now = await timeEach(() => detectContentType(bytes, fallback))
    const before = await timeEach(() => fileType.fromBuffer(bytes), 11, 2)
    results[file] = { detected, wholeInput, now, fileTypeOnWholeInput: before }
    rows.push([
      `${file}: ${what} (${kb(bytes.byteLength)})`,
      detected,
      detected === wholeInput ? 'same' : `differs: ${wholeInput}`,
      ms(now.medianNs),
      `${ms(now.p10Ns)}–${ms(now.p90Ns)}`,
      ms(before.medianNs),
    ])
    budgets.push({
      what: `detection, ${file}`,
      limit: '≤ 2 ms',
      measured: ms(now.medianNs),
      holds: now.medianNs <= 2e6 && detected === wholeInput,
    })
  }
  table(
    '3. Detection worst cases (detectContentType; file-type 22 on the whole input for comparison)',
    [
      'input',
      'detected',
      'vs file-type, whole input',
      'median',
      'p10–p90',
      'file-type, whole input',
    ],
    rows,
  )
  report.detection = results
}

// 4. Memory per invocation for a 4.5 MB response, beyond the input bytes and the base64 string.
const memory = async () => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench does)')
  const bytes = readInput('large.png')
  const event = restApiEvent('image/png', '/files/large.png')
  const floor = middy(async () => bytes).use(floorAfter('image/png'))
  const withMiddleware = middy(async () => bytes).use(binaryResponse())
  const runs = 31
  const measure = async (invoke: () => Promise<unknown>) => {
    const heap: number[] = []
    const external: number[] = []
    const extra: number[] = []
    for (let run = -3; run < runs; run++) {
      gc()
      gc()
      const before = process.memoryUsage()
      const response = (await invoke()) as { body: string }
      const after = process.memoryUsage()
      // The base64 text is a one-byte string of one byte per character; Node keeps a large one outside
      // the V8 heap (an external string), so it shows in `external`, not `heapUsed`.
      if (run >= 0) {
        heap.push(after.heapUsed - before.heapUsed)
        external.push(after.external - before.external)
        extra.push(
          after.heapUsed -
            before.heapUsed +
            after.external -
            before.external -
            response.body.length,
        )
      }
    }
    return {
      heap: median(heap),
      external: median(external),
      extra: median(extra),
      extraP90: quantile(extra, 0.9),
    }
  }
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {}
  // Interleaved: floor, middleware, floor, middleware.
  for (const round of [0, 1]) {
    for (const [name, invoke] of [
      ['floor', () => floor(event as never, context)],
      ['binaryResponse()', () => withMiddleware(event as never, context)],
    ] as const) {
      const measured = await measure(invoke)
      if (round === 1) results[name] = measured
    }
  }
  table(
    `4. Memory per invocation, ${kb(bytes.byteLength)} PNG, base64 ${kb(Math.ceil(bytes.byteLength / 3) * 4)} (allocated during one invocation; median of ${runs})`,
    ['variant', 'Δ heapUsed', 'Δ external', 'beyond the base64 string', 'p90'],
    Object.entries(results).map(([name, m]) => [
      name,
      kb(m.heap),
      kb(m.external),
      kb(m.extra),
      kb(m.extraP90),
    ]),
  )
  const mw = results['binaryResponse()'] as Awaited<ReturnType<typeof measure>>
  budgets.push({
    what: 'memory, 4.5 MB response',
    limit: 'no full copy besides the base64 string',
    measured: `${kb(mw.extra)} beyond the base64 string (input ${kb(bytes.byteLength)})`,
    holds: mw.extraP90 < bytes.byteLength / 10,
  })
  report.memory = {
    inputBytes: bytes.byteLength,
    base64Length: Math.ceil(bytes.byteLength / 3) * 4,
    ...results,
  }
}

// 5. Cold start: import time in fresh Node processes, and the bundled size of a handler.
interface ImportTime {
  readonly wall: number
  readonly cpu: number
}

const spread = (values: readonly number[]): string =>
  `${quantile(values, 0.1).toFixed(1)}–${quantile(values, 0.9).toFixed(1)} ms`

const coldStart = async () => {
  // Wall time is what a cold start waits for; CPU time (user + system) of the import is less disturbed by
  // other processes on a shared machine.
  /** Imports `before` untimed, then times importing `timed`, in a fresh process. */
  const importIn = (timed: string[], before: string[] = []): ImportTime => {
    const load = (list: string[]) =>
      list.map((s) => `await import(${JSON.stringify(s)})`).join('\n')
    const source = `${load(before)}\nconst start = performance.now()\nconst cpu = process.cpuUsage()\n${load(timed)}\nconst used = process.cpuUsage(cpu)\nconsole.log(JSON.stringify({ wall: performance.now() - start, cpu: (used.user + used.system) / 1000 }))`
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', source], {
      cwd: root,
      encoding: 'utf8',
    })
    if (child.status !== 0) throw new Error(child.stderr)
    return JSON.parse(child.stdout) as ImportTime
  }
  const dependencies = ['@middy/core', '@middy/util', 'file-type']
  const packageEntry = pathToFileURL(`${root}dist/index.js`).href
  const withPackage = ['@middy/core', packageEntry]
  const runs = 31
  const alone: ImportTime[] = []
  const package_: ImportTime[] = []
  const own: ImportTime[] = []
  for (let run = 0; run < runs; run++) {
    // Rotate which goes first, so none always meets a warmer disk cache.
    const measures = [
      () => alone.push(importIn(dependencies)),
      () => package_.push(importIn(withPackage)),
      // The package's own modules, with its dependencies already loaded: what it adds, measured directly.
      () => own.push(importIn([packageEntry], dependencies)),
    ]
    for (let turn = 0; turn < measures.length; turn++) {
      ;(measures[(run + turn) % measures.length] as () => void)()
    }
  }
  const of = (times: ImportTime[], key: keyof ImportTime) => times.map((t) => t[key])
  const added = (key: keyof ImportTime) =>
    package_.map((t, run) => t[key] - (alone[run] as ImportTime)[key])
  const addedWall = added('wall')
  const addedCpu = added('cpu')

  const handlerWith = (imports: string, body: string) =>
    build({
      stdin: {
        contents: `${imports}\nexport const handler = ${body}\n`,
        resolveDir: root,
        loader: 'js',
      },
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
  const withIt = await handlerWith(
    `import middy from '@middy/core'\nimport { binaryResponse } from ${JSON.stringify(`${root}dist/index.js`)}`,
    `middy(async () => Buffer.from('hello')).use(binaryResponse())`,
  )
  const middyOnly = await handlerWith(
    `import middy from '@middy/core'`,
    `middy(async () => Buffer.from('hello'))`,
  )
  const size = (r: typeof withIt) => (r.outputFiles[0] as { contents: Uint8Array }).contents
  const output = Object.values(withIt.metafile.outputs)[0] as {
    inputs: Record<string, { bytesInOutput: number }>
  }
  const share = (test: (path: string) => boolean) =>
    Object.entries(output.inputs)
      .filter(([path]) => test(path))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0)
  const ownBytes = share((path) => path.startsWith('dist/'))
  const fileTypeShare = share((path) =>
    /node_modules\/(file-type|strtok3|@tokenizer|token-types|uint8array-extras|debug|ms)\//.test(
      path,
    ),
  )

  table(
    `5a. Cold start: import time in a fresh Node ${process.version} process (median of ${runs}, p10–p90)`,
    ['imports', 'wall', 'wall p10–p90', 'CPU', 'CPU p10–p90'],
    [
      ['@middy/core + @middy/util + file-type', of(alone, 'wall'), of(alone, 'cpu')],
      ['@middy/core + middy-binary-response', of(package_, 'wall'), of(package_, 'cpu')],
      ['difference of the two (paired runs)', addedWall, addedCpu],
      ['the package alone, its dependencies already loaded', of(own, 'wall'), of(own, 'cpu')],
    ].map(([name, wall, cpu]) => [
      name as string,
      `${median(wall as number[]).toFixed(1)} ms`,
      spread(wall as number[]),
      `${median(cpu as number[]).toFixed(1)} ms`,
      spread(cpu as number[]),
    ]),
  )
  const gz = (bytes: Uint8Array) => gzipSync(bytes).byteLength
  table(
    '5b. esbuild bundle of a handler (bundle, minify, ESM, node22)',
    ['bundle', 'minified', 'gzip'],
    [
      ['middy(handler).use(binaryResponse())', kb(size(withIt).byteLength), kb(gz(size(withIt)))],
      ['middy(handler) alone', kb(size(middyOnly).byteLength), kb(gz(size(middyOnly)))],
      ['  of which this package’s own code', kb(ownBytes), ''],
      ['  of which file-type and its dependencies', kb(fileTypeShare), ''],
    ],
  )
  budgets.push({
    what: 'import time',
    limit: '≤ 5 ms beyond its dependencies',
    measured: `${median(of(own, 'wall')).toFixed(1)} ms (median; difference of whole imports ${median(addedWall).toFixed(1)} ms)`,
    holds: median(of(own, 'wall')) <= 5,
  })
  const summary = (values: number[]) => ({
    median: median(values),
    p10: quantile(values, 0.1),
    p90: quantile(values, 0.9),
  })
  report.coldStart = {
    runs,
    dependenciesWallMs: summary(of(alone, 'wall')),
    packageWallMs: summary(of(package_, 'wall')),
    addedWallMs: summary(addedWall),
    dependenciesCpuMs: summary(of(alone, 'cpu')),
    packageCpuMs: summary(of(package_, 'cpu')),
    addedCpuMs: summary(addedCpu),
    ownWallMs: summary(of(own, 'wall')),
    ownCpuMs: summary(of(own, 'cpu')),
    bundle: {
      handlerBytes: size(withIt).byteLength,
      handlerGzipBytes: gz(size(withIt)),
      middyOnlyBytes: size(middyOnly).byteLength,
      packageOwnBytes: ownBytes,
      fileTypeBytes: fileTypeShare,
    },
  }
}

// 6. Hostile Accept values: the decision's time grows linearly with the header's length.
const ACCEPT_SHAPES: ReadonlyArray<[string, (bytes: number) => string]> = [
  ['media ranges with q', (n) => 'text/html;q=0.9,'.repeat(n / 16)],
  ['parameters on one range', (n) => `image/png${';a=b'.repeat(n / 4)}`],
  ['odd q-values (q=1.5)', (n) => 'image/png;q=1.5,'.repeat(n / 16)],
  ['commas only', (n) => ','.repeat(n)],
  ['one quoted value', (n) => `image/png;x="${'a,;'.repeat(n / 3)}"`],
  ['non-ASCII', (n) => 'imäge/pñg;q=０.5,'.repeat(n / 16)],
  [
    'distinct ranges with q',
    (n) => Array.from({ length: n / 16 }, (_, i) => `t${i}/s${i};q=0.5`).join(', '),
  ],
]
const ACCEPT_SIZES = [16_384, 65_536, 262_144]

const hostileAccept = async () => {
  const options = binaryResponseValidateOptions({
    binaryMediaTypes: ['image/png', 'application/pdf'],
  })
  const rows: string[][] = []
  const results: Record<string, unknown> = {}
  let worst64 = 0
  for (const [shape, make] of ACCEPT_SHAPES) {
    const times: number[] = []
    for (const size of ACCEPT_SIZES) {
      const accept = make(size)
      // Both rules: negotiation (HTTP API) and the first media type (REST API).
      const events = [httpApiEvent(accept), restApiEvent(accept)]
      const decide = () => {
        for (const event of events) {
          const request = readHttpRequest(event) as NonNullable<ReturnType<typeof readHttpRequest>>
          acceptsUnder(acceptRuleFor(request.gateway, options), request.accept, options.mediaTypes)
        }
      }
      times.push((await timeEach(decide, 21, 3)).medianNs)
    }
    const [t16, t64, t256] = times as [number, number, number]
    worst64 = Math.max(worst64, t64)
    results[shape] = { sizes: ACCEPT_SIZES, medianNs: times }
    rows.push([shape, ms(t16), ms(t64), ms(t256), x(t256 / t64)])
  }
  table(
    '6. Hostile Accept values (reading the event and deciding, under both rules; linear means about 4× per 4× length)',
    ['Accept made of', '16 KB', '64 KB', '256 KB', '256 KB ÷ 64 KB'],
    rows,
  )
  budgets.push({
    what: 'a 64 KB Accept, worst shape',
    limit: '≤ 1 ms',
    measured: ms(worst64),
    holds: worst64 <= 1e6,
  })
  report.hostileAccept = results
}

console.log(`middy-binary-response benchmark, Node ${process.version}, ${new Date().toISOString()}`)
await passthrough()
await binary()
await smallResponseBreakdown()
await detection()
await memory()
await coldStart()
await hostileAccept()
table(
  'Budgets',
  ['budget', 'limit', 'measured', ''],
  budgets.map((b) => [b.what, b.limit, b.measured, b.holds ? 'holds' : 'OVER']),
)
report.budgets = budgets
if (jsonOut !== undefined) {
  writeFileSync(jsonOut, `${JSON.stringify(report, null, 2)}\n`)
  console.log(`\nJSON written to ${jsonOut}`)
}
