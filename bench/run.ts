/**
 * `npm run bench`: what binaryResponse() costs a Lambda function, measured side by side with what it
 * would pay anyway and with the libraries people use instead, printed as tables of ratios. It measures
 * the built package (dist/), as npm installs it, on the inputs bench/make-inputs.sh writes to
 * bench/.inputs/, and the peers bench/peers/ installs. See docs/performance.md for what each section
 * answers and how to read it.
 *
 *   npm run bench [-- options]
 *     --json FILE     also write every figure as JSON
 *     --svg FILE      where to write the steady-state chart (default docs/steady-state.svg)
 *     --rounds N      steady-state rounds (fresh processes per variant and input; default 5)
 *     --only A,B      run only these sections: steady, json, cold, bundle, detection, memory, accept,
 *                     http-semantics (Range, ETag, 304, HEAD: bench/http-semantics.ts, which also runs alone)
 *     --dist DIR      measure another build of the package (a dist/ folder) instead of this one's, to
 *                     compare versions run by run
 */

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'
import { timeBySizeChart } from './chart.ts'
import { httpApiEvent, lambdaContext, restApiEvent } from './events.ts'
import { inFreshProcess, median, quantile, root, rotated, table, timeEach } from './harness.ts'
import { httpSemantics } from './http-semantics.ts'
import { BINARY_VARIANTS, distFolder, JSON_VARIANTS, PEER_VARIANTS } from './variants.ts'

const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name)
  return at < 0 ? undefined : process.argv[at + 1]
}
const jsonOut = argument('--json')
const svgOut = argument('--svg') ?? `${root}docs/steady-state.svg`
const rounds = Number(argument('--rounds') ?? 5)
const only = argument('--only')?.split(',')
const runs = (section: string): boolean => only === undefined || only.includes(section)
const distOption = argument('--dist')
// Read by bench/variants.ts here and in every child process.
if (distOption !== undefined) process.env.BENCH_DIST = `${resolve(distOption)}/`
const dist = distFolder()

const inputPath = (file: string): string => `${root}bench/.inputs/${file}`
const kb = (bytes: number): string =>
  `${(bytes / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`
const us = (ns: number): string => `${(ns / 1000).toFixed(ns < 10_000 ? 2 : 1)} µs`
const ms = (ns: number): string => `${(ns / 1e6).toFixed(3)} ms`
const x = (ratio: number): string => `${ratio.toFixed(2)}×`
const range = (values: readonly number[]): string =>
  `${x(Math.min(...values))}–${x(Math.max(...values))}`

interface Budget {
  readonly what: string
  readonly limit: string
  readonly measured: string
  readonly holds: boolean
}
const budgets: Budget[] = []
const report: Record<string, unknown> = {}

interface SteadyState {
  readonly invocations: number
  readonly medianNs: number
  readonly p10Ns: number
  readonly p90Ns: number
}

const steadyState = (job: Record<string, unknown>): SteadyState =>
  inFreshProcess<SteadyState>(`${root}bench/steady-state.ts`, [JSON.stringify(job)])

// 1 and 2. Steady state: each variant alone in a fresh process per round, rounds rotating the order.
const BINARY_INPUTS = [
  { file: 'small.png', mime: 'image/png' },
  { file: 'photo.jpg', mime: 'image/jpeg' },
  { file: 'report.pdf', mime: 'application/pdf' },
  { file: 'medium.png', mime: 'image/png' },
  { file: 'large.png', mime: 'image/png' },
] as const
const OURS = Object.keys(BINARY_VARIANTS) as (keyof typeof BINARY_VARIANTS)[]
const PEERS = Object.keys(PEER_VARIANTS) as (keyof typeof PEER_VARIANTS)[]
/**
 * Ours and the floor: up to 50,000 invocations, enough for the code and the heap to settle (with 5,000, a
 * 3 KB floor still took 2.6 µs per invocation, against 1.1 µs after 20,000 or 50,000); large bodies stop
 * at maxMs, after 5,000 at least. The peers, up to 1,000 times slower, get fewer.
 */
const OWN_LIMITS = { invocations: 50_000, minInvocations: 5000, maxMs: 2500 }
const PEER_LIMITS = { invocations: 5000, minInvocations: 10, maxMs: 1000 }
/** The peers run in the first rounds only (their ratios are paired with the floor of the same round). */
const PEER_ROUNDS = 3

type Figures = Record<string, SteadyState[]>

const steadySection = () => {
  const figures: Record<string, Figures> = {}
  for (const { file, mime } of BINARY_INPUTS) {
    const perVariant: Figures = Object.fromEntries([...OURS, ...PEERS].map((v) => [v, []]))
    for (let round = 0; round < rounds; round++) {
      const variants = round < PEER_ROUNDS ? [...OURS, ...PEERS] : OURS
      for (const variant of rotated(variants, round)) {
        const limits = (OURS as string[]).includes(variant) ? OWN_LIMITS : PEER_LIMITS
        perVariant[variant]?.push(steadyState({ variant, input: inputPath(file), mime, ...limits }))
      }
    }
    figures[file] = perVariant
  }
  const measured = (file: string, variant: string): SteadyState[] => {
    const found = figures[file]?.[variant]
    if (found === undefined) throw new Error(`no figures for ${variant} at ${file}`)
    return found
  }
  /** Per round, the variant's median over the floor's median in that same round. */
  const ratios = (file: string, variant: string): number[] =>
    measured(file, variant).map(
      (s, round) => s.medianNs / (measured(file, 'floor')[round] as SteadyState).medianNs,
    )
  const medianNs = (file: string, variant: string): number =>
    median(measured(file, variant).map((s) => s.medianNs))
  const sizeOf = (file: string): number => readFileSync(inputPath(file)).length

  table(
    `1. Steady state: time per invocation against the floor (median over ${rounds} rounds of the median of the second half; ratio range over the rounds)`,
    [
      'input',
      'floor',
      'sniffed',
      'ratio',
      'range',
      'declared',
      'ratio',
      'range',
      'invocations per process (sniffed)',
    ],
    BINARY_INPUTS.map(({ file }) => [
      `${file} (${kb(sizeOf(file))})`,
      us(medianNs(file, 'floor')),
      us(medianNs(file, 'sniffed')),
      x(median(ratios(file, 'sniffed'))),
      range(ratios(file, 'sniffed')),
      us(medianNs(file, 'declared')),
      x(median(ratios(file, 'declared'))),
      range(ratios(file, 'declared')),
      String(median(measured(file, 'sniffed').map((s) => s.invocations))),
    ]),
  )
  for (const { file } of BINARY_INPUTS) {
    const size = sizeOf(file)
    const sniffed = median(ratios(file, 'sniffed'))
    const declared = median(ratios(file, 'declared'))
    if (size >= 1e6) {
      budgets.push(
        {
          what: `steady state, sniffed, ${file}`,
          limit: '≤ 1.10× the floor',
          measured: x(sniffed),
          holds: sniffed <= 1.1,
        },
        {
          what: `steady state, declared, ${file}`,
          limit: '≤ 1.05× the floor',
          measured: x(declared),
          holds: declared <= 1.05,
        },
      )
    } else if (size < 10_000) {
      budgets.push({
        what: `steady state, sniffed, ${file}`,
        limit: '≤ 2× the floor',
        measured: x(sniffed),
        holds: sniffed <= 2,
      })
    }
  }

  table(
    `2. The peers, in the first ${Math.min(rounds, PEER_ROUNDS)} rounds of the same run: time per invocation, and the ratio to the floor of the same round (each configured to send the bytes as binary; bytes checked)`,
    ['input', 'floor', 'binaryResponse() declared', ...PEERS],
    BINARY_INPUTS.map(({ file }) => [
      `${file} (${kb(sizeOf(file))})`,
      us(medianNs(file, 'floor')),
      `${us(medianNs(file, 'declared'))} (${x(median(ratios(file, 'declared')))})`,
      ...PEERS.map((peer) => `${us(medianNs(file, peer))} (${x(median(ratios(file, peer)))})`),
    ]),
  )
  const slowestOurs = (file: string) =>
    Math.max(medianNs(file, 'sniffed'), medianNs(file, 'declared'))
  const behind = BINARY_INPUTS.flatMap(({ file }) =>
    PEERS.filter((peer) => medianNs(file, peer) <= slowestOurs(file)).map(
      (peer) => `${peer} at ${file}`,
    ),
  )
  budgets.push({
    what: 'ahead of every peer',
    limit: 'sniffed and declared faster than each peer at each size',
    measured: behind.length === 0 ? 'ahead everywhere' : `not ahead of ${behind.join(', ')}`,
    holds: behind.length === 0,
  })

  const COLOURS: Record<string, string> = {
    floor: '#000000',
    sniffed: '#d62728',
    declared: '#ff7f0e',
    'serverless-http': '#1f77b4',
    'serverless-express': '#2ca02c',
    fastify: '#9467bd',
    hono: '#8c564b',
  }
  const LEGEND: Record<string, string> = {
    floor: 'floor (toString("base64"))',
    sniffed: 'binaryResponse(), sniffed',
    declared: 'binaryResponse(), declared',
    'serverless-http': 'serverless-http',
    'serverless-express': '@codegenie/serverless-express',
    fastify: '@fastify/aws-lambda',
    hono: 'hono/aws-lambda',
  }
  const svg = timeBySizeChart(
    'Time per invocation against body size, steady state',
    `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${new Date().toISOString().slice(0, 10)}; median of ${rounds} fresh processes each`,
    [...OURS, ...PEERS].map((variant) => ({
      name: LEGEND[variant] as string,
      colour: COLOURS[variant] as string,
      dashed: variant === 'floor',
      points: BINARY_INPUTS.map(({ file }) => ({
        bytes: sizeOf(file),
        ns: medianNs(file, variant),
      })),
    })),
  )
  mkdirSync(dirname(svgOut), { recursive: true })
  writeFileSync(svgOut, svg)
  console.log(`\nChart written to ${svgOut}`)
  report.steadyState = {
    rounds,
    peerRounds: Math.min(rounds, PEER_ROUNDS),
    ownLimits: OWN_LIMITS,
    peerLimits: PEER_LIMITS,
    figures,
  }
}

// 1b. JSON passthrough, steady state.
const jsonSection = () => {
  const variants = Object.keys(JSON_VARIANTS) as (keyof typeof JSON_VARIANTS)[]
  const figures: Figures = Object.fromEntries(variants.map((v) => [v, []]))
  for (let round = 0; round < rounds * 2; round++) {
    for (const variant of rotated(variants, round)) {
      figures[variant]?.push(
        steadyState({ variant, invocations: 50_000, minInvocations: 50_000, maxMs: 0 }),
      )
    }
  }
  const ratios = (variant: string) =>
    (figures[variant] as SteadyState[]).map(
      (s, round) =>
        s.medianNs / ((figures['json-bare'] as SteadyState[])[round] as SteadyState).medianNs,
    )
  table(
    `1b. JSON passthrough, steady state (50,000 invocations per process, ${rounds * 2} rounds)`,
    ['variant', 'time per invocation', 'ratio to bare Middy', 'range'],
    variants.map((variant) => [
      JSON_VARIANTS[variant],
      us(median((figures[variant] as SteadyState[]).map((s) => s.medianNs))),
      x(median(ratios(variant))),
      range(ratios(variant)),
    ]),
  )
  const ours = median(ratios('json-ours'))
  budgets.push({
    what: 'JSON passthrough',
    limit: '≤ 1.05× bare Middy',
    measured: `${x(ours)} (an empty after-hook: ${x(median(ratios('json-empty-hook')))})`,
    holds: ours <= 1.05,
  })
  report.jsonPassthrough = figures
}

// 3 and 4. Cold start in fresh processes, npm layout and bundled; the bundle's size.
const cacheDir = `${root}node_modules/.cache/bench/`
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
const distEntry = JSON.stringify(`${dist}index.js`)
/** The function's handler: its body comes from a global the measuring script sets before the import. */
const HANDLERS = {
  bare: `import middy from '@middy/core'\nexport const handler = middy(async () => globalThis.benchResult)\n`,
  ours: `import middy from '@middy/core'\nimport { binaryResponse } from ${distEntry}\nexport const handler = middy(async () => globalThis.benchResult).use(binaryResponse())\n`,
}
type HandlerName = keyof typeof HANDLERS

/** The README's esbuild ESM settings, minified as a deployment would be. */
const README_ESM_BUILD = {
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  banner: { js: CREATE_REQUIRE_BANNER },
  logLevel: 'warning',
} as const

const writeHandlers = async (): Promise<{
  npm: Record<HandlerName, string>
  bundled: Record<HandlerName, string>
  split: Record<HandlerName, string>
  metafiles: Record<HandlerName, Metafile>
}> => {
  rmSync(cacheDir, { recursive: true, force: true })
  mkdirSync(cacheDir, { recursive: true })
  const npm = {} as Record<HandlerName, string>
  const bundled = {} as Record<HandlerName, string>
  const split = {} as Record<HandlerName, string>
  const metafiles = {} as Record<HandlerName, Metafile>
  for (const name of Object.keys(HANDLERS) as HandlerName[]) {
    // Under node_modules/.cache, @middy/core and file-type resolve from the project's node_modules, as
    // they would from a deployed function's.
    npm[name] = `${cacheDir}${name}.mjs`
    writeFileSync(npm[name], HANDLERS[name])
    bundled[name] = `${cacheDir}${name}.bundle.mjs`
    // Built as the README tells users to: one ESM file, minified, with the createRequire banner.
    const result = await build({
      ...README_ESM_BUILD,
      entryPoints: [npm[name]],
      outfile: bundled[name],
      metafile: true,
    })
    metafiles[name] = result.metafile
    // The README's faster variant: ESM with --splitting, so that the pipeline and file-type are chunks
    // of their own, loaded at their first use.
    await build({
      ...README_ESM_BUILD,
      entryPoints: [npm[name]],
      outdir: `${cacheDir}split-${name}`,
      outExtension: { '.js': '.mjs' },
      splitting: true,
    })
    split[name] = `${cacheDir}split-${name}/${name}.mjs`
  }
  return { npm, bundled, split, metafiles }
}

interface ColdStart {
  readonly importMs: number
  readonly firstMs: number
  readonly totalMs: number
  readonly cpuMs: number
  readonly type: string
}

const REQUESTS = {
  json: { what: 'JSON', fixture: undefined, mime: 'application/json' },
  png: { what: 'PNG (named without file-type)', fixture: 'image.png', mime: 'image/png' },
  wav: { what: 'WAV (named by file-type)', fixture: 'sound.wav', mime: 'audio/wav' },
} as const
type RequestName = keyof typeof REQUESTS

/** Measuring script: node:http first, as the Lambda runtime client loads it; then the timed import. */
const coldStartScript = (handler: string, request: RequestName): string => {
  const { fixture } = REQUESTS[request]
  const result =
    fixture === undefined
      ? `{ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"id":42}' }`
      : `readFileSync(${JSON.stringify(`${root}__tests__/fixtures/${fixture}`)})`
  return `import 'node:http'
import { readFileSync } from 'node:fs'
globalThis.benchResult = ${result}
const event = ${JSON.stringify(restApiEvent('*/*'))}
const context = { getRemainingTimeInMillis: () => 30000, awsRequestId: 'cold' }
const start = performance.now()
const cpu = process.cpuUsage()
const { handler } = await import(${JSON.stringify(pathToFileURL(handler).href)})
const imported = performance.now()
const response = await handler(event, context)
const done = performance.now()
const used = process.cpuUsage(cpu)
const type = response.headers['Content-Type']
console.log(JSON.stringify({ importMs: imported - start, firstMs: done - imported, totalMs: done - start, cpuMs: (used.user + used.system) / 1000, type }))
`
}

const coldSection = async () => {
  const { npm, bundled, split, metafiles } = await writeHandlers()
  const cases: Array<{ layout: string; handler: HandlerName; request: RequestName; file: string }> =
    []
  for (const [layout, files] of [
    ['npm layout', npm],
    ['bundled', bundled],
    ['bundled, --splitting', split],
  ] as const) {
    cases.push({ layout, handler: 'bare', request: 'json', file: files.bare })
    for (const request of Object.keys(REQUESTS) as RequestName[]) {
      cases.push({ layout, handler: 'ours', request, file: files.ours })
    }
  }
  const coldRuns = 21
  const times: ColdStart[][] = cases.map(() => [])
  for (let run = 0; run < coldRuns; run++) {
    for (const index of rotated(
      cases.map((_c, i) => i),
      run,
    )) {
      const c = cases[index] as (typeof cases)[number]
      const measured = inFreshProcess<ColdStart>(coldStartScript(c.file, c.request), [], {
        source: true,
      })
      if (measured.type !== REQUESTS[c.request].mime) {
        throw new Error(`${c.layout} ${c.handler} ${c.request}: answered ${measured.type}`)
      }
      times[index]?.push(measured)
    }
  }
  const of = (index: number, key: keyof Omit<ColdStart, 'type'>) =>
    (times[index] as ColdStart[]).map((t) => t[key])
  const spread = (values: number[]) =>
    `${quantile(values, 0.1).toFixed(1)}–${quantile(values, 0.9).toFixed(1)}`
  table(
    `3. Cold start: import of the handler and its first invocation, in fresh Node ${process.version} processes with node:http already loaded (median of ${coldRuns}, p10–p90, ms)`,
    ['layout', 'handler', 'first request', 'import', 'first invocation', 'total', 'p10–p90', 'CPU'],
    cases.map((c, index) => [
      c.layout,
      c.handler === 'bare' ? 'bare @middy/core' : 'with binaryResponse()',
      REQUESTS[c.request].what,
      median(of(index, 'importMs')).toFixed(1),
      median(of(index, 'firstMs')).toFixed(2),
      median(of(index, 'totalMs')).toFixed(1),
      spread(of(index, 'totalMs')),
      median(of(index, 'cpuMs')).toFixed(1),
    ]),
  )
  for (const layout of ['npm layout', 'bundled', 'bundled, --splitting']) {
    const bare = cases.findIndex((c) => c.layout === layout && c.handler === 'bare')
    const ours = cases.findIndex(
      (c) => c.layout === layout && c.handler === 'ours' && c.request === 'json',
    )
    // Paired by run: both measured in the same rotation.
    const ratios = of(ours, 'totalMs').map((t, run) => t / (of(bare, 'totalMs')[run] as number))
    budgets.push({
      what: `cold start, JSON first, ${layout}`,
      limit: '≤ 1.5× bare @middy/core',
      measured: `${x(median(ratios))} (${median(of(ours, 'totalMs')).toFixed(1)} vs ${median(of(bare, 'totalMs')).toFixed(1)} ms)`,
      holds: median(ratios) <= 1.5,
    })
  }
  report.coldStart = { runs: coldRuns, cases: cases.map((c, i) => ({ ...c, times: times[i] })) }

  // 4. The bundle's size, and what is in it.
  const sizes = (name: HandlerName) => {
    const bytes = readFileSync(bundled[name])
    return { minified: bytes.length, gzip: gzipSync(bytes).length }
  }
  const output = Object.values(metafiles.ours.outputs)[0] as Metafile['outputs'][string]
  const share = (test: (path: string) => boolean) =>
    Object.entries(output.inputs)
      .filter(([path]) => test(path))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0)
  const ownBytes = share((path) => !/node_modules\/(?!\.cache\/)/.test(path))
  const fileTypeBytes = share((path) =>
    /node_modules\/(file-type|strtok3|@tokenizer|token-types|uint8array-extras|debug|ms|@borewit|ieee754)\//.test(
      path,
    ),
  )
  const ours = sizes('ours')
  const bare = sizes('bare')
  table(
    '4. esbuild bundle of a handler, built as the README says (bundle, minify, ESM, node22, createRequire banner); each ran above',
    ['bundle', 'minified', 'gzip'],
    [
      ['middy(handler).use(binaryResponse())', kb(ours.minified), kb(ours.gzip)],
      ['middy(handler) alone', kb(bare.minified), kb(bare.gzip)],
      ['  of which this package’s own code', kb(ownBytes), ''],
      ['  of which file-type and its dependencies', kb(fileTypeBytes), ''],
    ],
  )
  report.bundle = { ours, bare, ownBytes, fileTypeBytes }
}

// 5. Detection worst cases, about 4.5 MB each: single calls, in this process.
const DETECTION_INPUTS = [
  { file: 'streamed.zip', what: 'ZIP written to a pipe (data descriptors)' },
  { file: 'content-types-last.docx', what: 'DOCX, [Content_Types].xml last' },
  { file: 'many-entries.zip', what: 'ZIP of 44,000 entries' },
  { file: 'random.gz', what: 'gzip' },
  { file: 'many-chunks.png', what: 'PNG with 600 tEXt chunks' },
  { file: 'random.bin', what: 'random bytes' },
  { file: 'text.txt', what: 'text' },
] as const

const detectionSection = async () => {
  const { detectContentType } = (await import(`${dist}content-type.js`)) as {
    detectContentType: (bytes: Uint8Array, fallback: string) => string | Promise<string>
  }
  const { FileTypeParser } = await import('file-type')
  const rows: string[][] = []
  const results: Record<string, unknown> = {}
  for (const { file, what } of DETECTION_INPUTS) {
    const bytes = readFileSync(inputPath(file))
    const fallback = 'application/octet-stream'
    const detected = await detectContentType(bytes, fallback)
    const wholeInput = (await new FileTypeParser().fromBuffer(bytes))?.mime ?? fallback
    const now = await timeEach(() => detectContentType(bytes, fallback))
    const before = await timeEach(() => new FileTypeParser().fromBuffer(bytes), 11, 2)
    results[file] = { detected, wholeInput, now, fileTypeOnWholeInput: before }
    rows.push([
      `${file}: ${what} (${kb(bytes.length)})`,
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
    '5. Detection worst cases (detectContentType, single calls, median of 41; file-type 22 on the whole input for comparison)',
    ['input', 'detected', 'vs file-type, whole input', 'median', 'p10–p90', 'file-type, whole'],
    rows,
  )
  report.detection = results
}

// 6. Memory per invocation: the one section with forced collections (see bench/memory.ts).
const memorySection = () => {
  const rows: string[][] = []
  const results: Record<string, unknown> = {}
  const input = { file: 'large.png', mime: 'image/png' }
  for (const variant of ['floor', 'sniffed', 'declared'] as const) {
    const m = inFreshProcess<{
      heap: number
      external: number
      beyond: number
      beyondP90: number
      base64Length: number
    }>(
      `${root}bench/memory.ts`,
      [JSON.stringify({ variant, input: inputPath(input.file), mime: input.mime })],
      { flags: ['--expose-gc'] },
    )
    results[variant] = m
    rows.push([BINARY_VARIANTS[variant], kb(m.heap), kb(m.external), kb(m.beyond), kb(m.beyondP90)])
  }
  const size = readFileSync(inputPath(input.file)).length
  table(
    `6. Memory per invocation, ${input.file} (${kb(size)}), base64 ${kb(Math.ceil(size / 3) * 4)}: allocated during one invocation after forced collections (median of 31, fresh process each)`,
    ['variant', 'Δ heapUsed', 'Δ external', 'beyond the base64 string', 'p90'],
    rows,
  )
  const sniffed = results.sniffed as { beyond: number; beyondP90: number }
  budgets.push({
    what: `memory, ${input.file}`,
    limit: 'no full copy besides the base64 string',
    measured: `${kb(sniffed.beyond)} beyond the base64 string (input ${kb(size)})`,
    holds: sniffed.beyondP90 < size / 10,
  })
  report.memory = results
}

// 7. Hostile Accept values, through the public API: reading the event and deciding, both Accept rules.
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

const acceptSection = async () => {
  const { default: middy } = await import('@middy/core')
  const { binaryResponse } = await import(`${dist}index.js`)
  const png = readFileSync(`${root}__tests__/fixtures/image.png`)
  const handler = middy(async () => png).use(
    binaryResponse({ binaryMediaTypes: ['image/png', 'application/pdf'] }),
  )
  const context = lambdaContext()
  const invoke = async (event: unknown) => {
    try {
      await handler(event as never, context as never)
    } catch {
      // A 406 is one of the outcomes; its cost is part of the decision.
    }
  }
  const rows: string[][] = []
  const results: Record<string, unknown> = {}
  let worst64 = 0
  for (const [shape, make] of ACCEPT_SHAPES) {
    const times: number[] = []
    for (const size of ACCEPT_SIZES) {
      const accept = make(size)
      const events = [httpApiEvent(accept), restApiEvent(accept)]
      const decide = async () => {
        for (const event of events) await invoke(event)
      }
      times.push((await timeEach(decide, 21, 3)).medianNs)
    }
    const [t16, t64, t256] = times as [number, number, number]
    worst64 = Math.max(worst64, t64)
    results[shape] = { sizes: ACCEPT_SIZES, medianNs: times }
    rows.push([shape, ms(t16), ms(t64), ms(t256), x(t256 / t64)])
  }
  table(
    '7. Hostile Accept values: one invocation under each rule (HTTP API negotiation, REST first media type), 1 KB PNG; linear means about 4× per 4× length',
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

const conditions = () => ({
  node: process.version,
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  date: new Date().toISOString(),
})
const started = performance.now()
report.start = conditions()
console.log(
  `middy-binary-response benchmark, Node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, ${new Date().toISOString()}`,
)
if (runs('steady')) steadySection()
if (runs('json')) jsonSection()
if (runs('cold') || runs('bundle')) await coldSection()
if (runs('detection')) await detectionSection()
if (runs('memory')) memorySection()
if (runs('accept')) await acceptSection()
if (runs('http-semantics')) report.httpSemantics = await httpSemantics()
table(
  'Budgets',
  ['budget', 'limit', 'measured', ''],
  budgets.map((b) => [b.what, b.limit, b.measured, b.holds ? 'holds' : 'OVER']),
)
report.budgets = budgets
report.end = conditions()
report.minutes = (performance.now() - started) / 60_000
console.log(
  `\n${(performance.now() - started) / 60_000 < 1 ? 'Under a minute' : `${((performance.now() - started) / 60_000).toFixed(1)} minutes`}; load average at the end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
if (jsonOut !== undefined) {
  writeFileSync(jsonOut, `${JSON.stringify(report, null, 2)}\n`)
  console.log(`JSON written to ${jsonOut}`)
}
